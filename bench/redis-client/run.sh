#!/usr/bin/env bash
# Redis client benchmark (issue #4, item 7): the one command.
#
#   bash bench/redis-client/run.sh
#
# Builds bench/redis-client in release mode, starts a private redis-server on a free 127.0.0.1 port, then RUNS times:
# `redis-benchmark -c 32 -n N -t get,set --csv` and the Swift client (32 concurrent callers, same server, same run),
# plus single round-trip latency (a plain blocking socket, as redis-cli --latency, vs one caller through the client).
# Prints a markdown table of medians with the ratio per command (target >= 0.7x) and the added latency.
#
# Environment (defaults in brackets):
#   N [200000]  RUNS [3]  CONCURRENCY [32]  SAMPLES [20000]
#   QUIET_SECS [20]  QUIET_MAX [900]  no compiler process this long before measuring; give up waiting after QUIET_MAX
#   MAX_TOTAL [2400]  seconds; the whole script is stopped after this
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
N=${N:-200000}
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-32}
SAMPLES=${SAMPLES:-20000}
QUIET_SECS=${QUIET_SECS:-20}
QUIET_MAX=${QUIET_MAX:-900}
MAX_TOTAL=${MAX_TOTAL:-2400}
TMP=$(mktemp -d /tmp/redis-client-bench.XXXXXX)
REDIS_PID=""
WATCHDOG=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
    if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
        kill -TERM "$REDIS_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$REDIS_PID" 2>/dev/null || true
    fi
    [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Whole-run time bound.
( sleep "$MAX_TOTAL"; log "MAX_TOTAL ${MAX_TOTAL}s reached"; kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

for tool in redis-server redis-benchmark redis-cli python3; do
    command -v "$tool" >/dev/null || { log "missing $tool (apt-get install redis-server redis-tools python3)"; exit 1; }
done

log "building (release, scratch path bench/redis-client/.build)"
swift build -c release --package-path "$HERE" --scratch-path "$HERE/.build" 2>&1 | grep -vE 'D_FILE_OFFSET_BITS|^\[[0-9]+/[0-9]+\]' | tail -n 5
BIN="$HERE/.build/release/redis-client-bench"

# The machine is shared: wait until no compiler has run for QUIET_SECS (at most QUIET_MAX seconds).
waited=0 quiet=0
while [ "$quiet" -lt "$QUIET_SECS" ] && [ "$waited" -lt "$QUIET_MAX" ]; do
    if pgrep -f 'swift-frontend|swift-build' >/dev/null; then quiet=0; else quiet=$((quiet + 1)); fi
    sleep 1
    waited=$((waited + 1))
done
[ "$quiet" -ge "$QUIET_SECS" ] && NOTE="" || NOTE=" (compilers were still running: figures are noisy)"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$TMP" --daemonize no \
    --logfile "$TMP/redis.log" >/dev/null 2>&1 &
REDIS_PID=$!
for _ in $(seq 100); do redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
log "redis-server on 127.0.0.1:$PORT; N=$N, $CONCURRENCY callers, $RUNS runs"

for run in $(seq "$RUNS"); do
    redis-benchmark -h 127.0.0.1 -p "$PORT" -c "$CONCURRENCY" -n "$N" -t get,set --csv 2>/dev/null |
        tr -d '"' | awk -F, -v out="$TMP/run$run" '$1=="SET"{print "rb_set", $2 > out} $1=="GET"{print "rb_get", $2 >> out}'
    timeout 600 "$BIN" "$PORT" "$N" "$CONCURRENCY" "$SAMPLES" >>"$TMP/run$run"
    log "run $run: $(tr '\n' ' ' <"$TMP/run$run")"
done

python3 - "$TMP" "$RUNS" "$NOTE" <<'PY'
import statistics, sys
tmp, runs, note = sys.argv[1], int(sys.argv[2]), sys.argv[3]
values = {}
for run in range(1, runs + 1):
    for line in open(f"{tmp}/run{run}"):
        key, value = line.split()
        values.setdefault(key, []).append(float(value))
m = {key: statistics.median(v) for key, v in values.items()}
print(f"\nRedis client vs redis-benchmark, median of {runs} runs{note}\n")
print("| command | redis-benchmark ops/s | client, event-loop API | ratio | client, async API | ratio |")
print("|---|---|---|---|---|---|")
for c in ("get", "set"):
    rb = m[f"rb_{c}"]
    print(f"| {c.upper()} | {rb:,.0f} | {m[f'el_{c}']:,.0f} | {m[f'el_{c}'] / rb:.2f}x | {m[f'async_{c}']:,.0f} | {m[f'async_{c}'] / rb:.2f}x |")
print("\n| single GET round trip | p50 µs | p99 µs | added p50 µs |")
print("|---|---|---|---|")
print(f"| plain blocking socket (redis-cli --latency style) | {m['lat_raw_p50']:.1f} | {m['lat_raw_p99']:.1f} | — |")
for name, label in (("el", "client, event-loop API"), ("async", "client, async API")):
    print(f"| {label} | {m[f'lat_{name}_p50']:.1f} | {m[f'lat_{name}_p99']:.1f} | {m[f'lat_{name}_p50'] - m['lat_raw_p50']:+.1f} |")
target = min(m["el_get"] / m["rb_get"], m["el_set"] / m["rb_set"])
print(f"\ntarget P8 (>= 0.7x redis-benchmark, event-loop API): {'met' if target >= 0.7 else 'NOT met'} (worst {target:.2f}x)")
PY
