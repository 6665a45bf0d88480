#!/usr/bin/env bash
# Rate-limit benchmark: the one command.
#
#   bash bench/ratelimit/run.sh
#
# Builds bench/ratelimit in release mode, starts a private redis-server on a free 127.0.0.1 port, checks that the
# script the Swift code embeds is redis/gcra.lua, then RUNS times, interleaved (run k of everything before run k+1):
#   - redis-benchmark -c CALLERS -n N EVALSHA <sha of `return 1`> 0                   (the reference)
#   - redis-benchmark -c CALLERS -n N -r SUBJECTS EVALSHA <sha of gcra.lua> 2 <minute key> <day key> "" 1 100 60000 100
#     1000 86400000 1000                                                              (the script alone)
#   - the same with -c 2 -P 16: 32 in flight on 2 connections, batched as our client sends them (the script's ceiling)
#   - ratelimit-bench: RateLimiter.decide over the TagPulseRedis client, CALLERS concurrent callers, 2 policies per
#     decision, random subjects, event-loop API and async API; then one caller's latency (and blocking round trips)
#   - redis-benchmark -c 1 -n LAT_N of both scripts (its latency at low load)
# and prints the medians as a markdown table with ratios against the reference, written with the machine details to
# bench/ratelimit/results/<UTC timestamp>.md.
#
# Environment (defaults in brackets):
#   N [100000]  decisions per throughput measurement (and requests per redis-benchmark -c CALLERS run)
#   RUNS [3]  CALLERS [32]  SUBJECTS [10000]  SAMPLES [5000] single decisions timed per latency figure
#   LAT_N [20000]  requests per redis-benchmark -c 1 run
#   QUIET_SECS [20]   before the first run, no compiler (swift-build|swift-frontend|swiftc) and at most QUIET_BUSY [25] %
#                     of the machine busy for this many seconds in a row; QUIET_SECS_BETWEEN [3] the same before later runs
#   QUIET_MAX [240]   give up waiting for quiet after this many seconds in total (then measure anyway, noted); the wait
#                     also gives up when MEASURE_RESERVE [120] seconds are all that is left of MAX_TOTAL
#   MAX_TOTAL [600]   seconds for the whole script, release build included; it is stopped after this
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N=${N:-100000}
RUNS=${RUNS:-3}
CALLERS=${CALLERS:-32}
SUBJECTS=${SUBJECTS:-10000}
SAMPLES=${SAMPLES:-5000}
LAT_N=${LAT_N:-20000}
QUIET_SECS=${QUIET_SECS:-20}
QUIET_SECS_BETWEEN=${QUIET_SECS_BETWEEN:-3}
QUIET_BUSY=${QUIET_BUSY:-25}
QUIET_MAX=${QUIET_MAX:-240}
MEASURE_RESERVE=${MEASURE_RESERVE:-120}
MAX_TOTAL=${MAX_TOTAL:-600}
HOST=127.0.0.1   # loopback only, never anything else
COMPILER_PATTERN='swift-build|swift-frontend|swiftc'
CPU_LOAD="$HERE/../http-layer/scripts/cpu-load.py"   # shared with the HTTP-layer benchmark

START_EPOCH=$(date +%s)
DEADLINE=$((START_EPOCH + MAX_TOTAL))
TMP=$(mktemp -d /tmp/ratelimit-bench.XXXXXX)
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

# Whole-run time bound: SIGTERM ourselves (the trap above then stops the server).
# shellcheck source=../lib/watchdog.sh
source "$HERE/../lib/watchdog.sh"
start_watchdog "$MAX_TOTAL"

for tool in redis-server redis-benchmark redis-cli python3 swift sha1sum timeout; do
    command -v "$tool" >/dev/null || { log "missing $tool (apt-get install -y redis-server redis-tools python3)"; exit 1; }
done

# ---------------------------------------------------------------- build
left() { echo $((DEADLINE - $(date +%s))); }
log "building $HERE in release mode (scratch path bench/ratelimit/.build)"
BUILD_START=$(date +%s)
timeout $(($(left) - 60)) swift build -c release --package-path "$HERE" --scratch-path "$HERE/.build" >"$TMP/build.log" 2>&1 \
    || { tail -40 "$TMP/build.log" >&2; log "build failed or ran out of time (a cold release build takes 5-8 min on 2 busy cores: raise MAX_TOTAL)"; exit 1; }
BUILD_SECS=$(($(date +%s) - BUILD_START))
BIN="$HERE/.build/release/ratelimit-bench"
log "build done in ${BUILD_SECS}s"

# ---------------------------------------------------------------- server and scripts
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$PORT" --bind "$HOST" --save "" --appendonly no --dir "$TMP" --daemonize no \
    --logfile "$TMP/redis.log" >/dev/null 2>&1 &
REDIS_PID=$!
cli() { redis-cli -h "$HOST" -p "$PORT" "$@"; }
for _ in $(seq 100); do cli ping >/dev/null 2>&1 && break; sleep 0.1; done
cli ping >/dev/null || { log "redis-server did not start"; exit 1; }
PREFIX="tp:bench-rl-$$-$RANDOM:"   # every key of this run starts with it
REDIS_VERSION=$(cli info server | tr -d '\r' | awk -F: '$1=="redis_version"{print $2}')
log "redis-server $REDIS_VERSION on $HOST:$PORT; key prefix $PREFIX"

# The Swift code embeds the script (the EmbedPlugin, at build time); redis-benchmark loads redis/gcra.lua. They must be the same.
GCRA_SHA=$(sha1sum <"$ROOT/redis/gcra.lua" | cut -d' ' -f1)
timeout 30 "$BIN" check "$PORT" "$PREFIX" >&2
[ "$(cli script exists "$GCRA_SHA")" = 1 ] \
    || { log "the script embedded in TagPulseAccess is not redis/gcra.lua (rebuild)"; exit 1; }
[ "$(cli -x script load <"$ROOT/redis/gcra.lua")" = "$GCRA_SHA" ] || { log "SCRIPT LOAD of redis/gcra.lua: unexpected SHA"; exit 1; }
TRIVIAL_SHA=$(cli script load 'return 1')
MINUTE_KEY="${PREFIX}rl:{client:__rand_int__}:requests:60000"
DAY_KEY="${PREFIX}rl:{client:__rand_int__}:requests:86400000"
GCRA_ARGS=("" 1 100 60000 100 1000 86400000 1000)
first=$(cli evalsha "$GCRA_SHA" 2 "${PREFIX}rl:{client:check}:requests:60000" "${PREFIX}rl:{client:check}:requests:86400000" "${GCRA_ARGS[@]}" | head -1)
[ "$first" = 1 ] || { log "EVALSHA gcra.lua did not allow a first request (got '$first')"; exit 1; }

# ---------------------------------------------------------------- quiet machine
QUIET_WAITED=0      # seconds spent waiting, wall clock
QUIET_GAVE_UP=0
# A zombie compiler (a killed build whose parent has not reaped it) uses no CPU: only running, sleeping or
# waiting ones count.
compiler_running() { pgrep -r R,S,D -f "$COMPILER_PATTERN" 2>/dev/null | grep -vqx "$$"; }
# Between the measured steps of a run, never during one: a `pgrep` scans /proc (≈ 9 ms of CPU), and one every second
# during the runs set the latency runs' p99 (`rb1_*`) on 2 CPUs, as it did in the cache-hit bench (bench/lib/cpu-sampler.sh).
# A build's compilers live for seconds and come many at a time: one running during a step is still there at its end.
compiler_check() { compiler_running && touch "$TMP/compiler-seen" || true; }
wait_for_quiet() {  # [seconds]
    local quiet=0 needed=${1:-$QUIET_SECS} busy since
    while [ "$quiet" -lt "$needed" ]; do
        since=$(date +%s)
        if [ "$QUIET_WAITED" -ge "$QUIET_MAX" ] || [ "$(left)" -le "$MEASURE_RESERVE" ]; then
            [ "$QUIET_GAVE_UP" -eq 1 ] || log "machine still busy after ${QUIET_WAITED}s of waiting: measuring anyway"
            QUIET_GAVE_UP=1
            return 0
        fi
        busy=$(python3 "$CPU_LOAD" busy 1)   # takes 1 s
        if compiler_running || [ "$busy" -gt "$QUIET_BUSY" ]; then quiet=0; else quiet=$((quiet + 1)); fi
        QUIET_WAITED=$((QUIET_WAITED + $(date +%s) - since))
    done
}

# ---------------------------------------------------------------- runs
# redis-benchmark --csv → "rps p50_µs p99_µs"
rb_csv() {
    python3 -c '
import csv, sys
rows = [r for r in csv.reader(sys.stdin) if r and r[0] != "test"]
r = rows[-1]
print(r[1], float(r[4]) * 1000, float(r[6]) * 1000)'
}
rb() {  # clients requests extra-args... -> "rps p50 p99"
    local clients=$1 requests=$2 result; shift 2
    result=$(timeout 300 redis-benchmark -h "$HOST" -p "$PORT" -c "$clients" -n "$requests" --csv "$@" 2>"$TMP/rb.err" | rb_csv) \
        || { cat "$TMP/rb.err" >&2; log "redis-benchmark -c $clients $* failed"; exit 1; }
    echo "$result"
}

log "waiting for a quiet machine (no compiler and <= ${QUIET_BUSY}% busy for ${QUIET_SECS}s; at most ${QUIET_MAX}s)"
wait_for_quiet
MEASURE_START=$(date +%s)
log "measuring: N=$N, $CALLERS callers, $SUBJECTS subjects, $RUNS runs"
# warm-up: both scripts through redis-benchmark
rb "$CALLERS" $((N / 10)) EVALSHA "$TRIVIAL_SHA" 0 >/dev/null
rb "$CALLERS" $((N / 10)) -r "$SUBJECTS" EVALSHA "$GCRA_SHA" 2 "$MINUTE_KEY" "$DAY_KEY" "${GCRA_ARGS[@]}" >/dev/null
RAW_ROWS=""
DISTURBED=0
for run in $(seq "$RUNS"); do
    [ "$run" -eq 1 ] || wait_for_quiet "$QUIET_SECS_BETWEEN"
    out="$TMP/run$run"
    rm -f "$TMP/compiler-seen"
    run_start=$(date +%s)
    compiler_check
    res=$(rb "$CALLERS" "$N" EVALSHA "$TRIVIAL_SHA" 0); read -r rps p50 p99 <<<"$res"
    echo "rb_trivial_rps $rps" >"$out"
    compiler_check
    res=$(rb "$CALLERS" "$N" -r "$SUBJECTS" EVALSHA "$GCRA_SHA" 2 "$MINUTE_KEY" "$DAY_KEY" "${GCRA_ARGS[@]}"); read -r rps p50 p99 <<<"$res"
    echo "rb_gcra_rps $rps" >>"$out"
    compiler_check
    res=$(rb 2 "$N" -P 16 -r "$SUBJECTS" EVALSHA "$GCRA_SHA" 2 "$MINUTE_KEY" "$DAY_KEY" "${GCRA_ARGS[@]}"); read -r rps p50 p99 <<<"$res"
    echo "rb_gcra_p16_rps $rps" >>"$out"
    compiler_check
    timeout 300 "$BIN" run "$PORT" "$PREFIX" "$N" "$CALLERS" "$SUBJECTS" "$SAMPLES" "$TRIVIAL_SHA" "$GCRA_SHA" "$run" >>"$out"
    compiler_check
    res=$(rb 1 "$LAT_N" EVALSHA "$TRIVIAL_SHA" 0); read -r rps p50 p99 <<<"$res"
    printf 'rb1_trivial_p50 %s\nrb1_trivial_p99 %s\n' "$p50" "$p99" >>"$out"
    compiler_check
    res=$(rb 1 "$LAT_N" -r "$SUBJECTS" EVALSHA "$GCRA_SHA" 2 "$MINUTE_KEY" "$DAY_KEY" "${GCRA_ARGS[@]}"); read -r rps p50 p99 <<<"$res"
    printf 'rb1_gcra_p50 %s\nrb1_gcra_p99 %s\n' "$p50" "$p99" >>"$out"
    compiler_check
    note=""
    if [ -e "$TMP/compiler-seen" ]; then note="a compiler ran"; DISTURBED=$((DISTURBED + 1)); fi
    echo "note $note" >>"$out"
    log "run $run ($(($(date +%s) - run_start))s${note:+, $note}): $(grep -E '^(rb_trivial_rps|rb_gcra_rps|rb_gcra_p16_rps|el_dps|async_dps) ' "$out" | tr '\n' ' ')"
done
MEASURE_SECS=$(($(date +%s) - MEASURE_START))
KEYS_LEFT=$(cli dbsize)

# ---------------------------------------------------------------- report
QUIET_LINE="waited ${QUIET_WAITED}s for a quiet machine (no ${COMPILER_PATTERN} and ≤ ${QUIET_BUSY}% busy for ${QUIET_SECS}s before the first run, ${QUIET_SECS_BETWEEN}s before the others)"
[ "$QUIET_GAVE_UP" -eq 0 ] || QUIET_LINE+="; GAVE UP waiting and measured on a busy machine (figures are noisy)"
[ "$DISTURBED" -eq 0 ] || QUIET_LINE+="; a compiler ran during $DISTURBED of $RUNS runs"

mkdir -p "$HERE/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULT="$HERE/results/$STAMP.md"
python3 - "$TMP" "$RUNS" "$CALLERS" "$N" "$SAMPLES" >"$TMP/report.md" <<'PY'
import statistics, sys
tmp, runs, callers, n, samples = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
values, raw = {}, []
for run in range(1, runs + 1):
    row = {}
    for line in open(f"{tmp}/run{run}"):
        key, _, value = line.rstrip("\n").partition(" ")
        if key == "note":
            row[key] = value
            continue
        values.setdefault(key, []).append(float(value))
        row[key] = float(value)
    raw.append(row)
m = {key: statistics.median(v) for key, v in values.items()}
def f(x): return f"{x:,.0f}"
def per_run(a, b):  # the ratio within each run: shows the spread on a noisy machine
    return " / ".join(f"{x / y:.2f}" for x, y in zip(values[a], values[b]))
def us(x): return f"{x:.1f}"
print(f"Decisions/s, {callers} concurrent callers (medians of {runs} interleaved runs, N={n:,} each)\n")
print("| figure | per second | reference in the same run | reference /s | ratio | ratio in each run |")
print("|---|---:|---|---:|---:|---|")
rt, rg = m["rb_trivial_rps"], m["rb_gcra_rps"]
print(f"| redis-benchmark `EVALSHA` of `return 1` (the reference) | {f(rt)} | — | — | 1.00× | — |")
print(f"| redis-benchmark `EVALSHA` gcra.lua, 2 policies, random subjects (the script alone) | {f(rg)} | `EVALSHA` `return 1` | {f(rt)} | {rg / rt:.2f}× | {per_run('rb_gcra_rps', 'rb_trivial_rps')} |")
rp = m["rb_gcra_p16_rps"]
print(f"| redis-benchmark -c 2 -P 16 `EVALSHA` gcra.lua (the script alone, batched like our client: its ceiling) | {f(rp)} | `EVALSHA` `return 1` | {f(rt)} | {rp / rt:.2f}× | {per_run('rb_gcra_p16_rps', 'rb_trivial_rps')} |")
print(f"| **`RateLimiter.decide(_:cost:on:)`, event-loop API, 2 policies** | **{f(m['el_dps'])}** | `EVALSHA` `return 1` | {f(rt)} | **{m['el_dps'] / rt:.2f}×** | {per_run('el_dps', 'rb_trivial_rps')} |")
print(f"| same | {f(m['el_dps'])} | `EVALSHA` gcra.lua | {f(rg)} | {m['el_dps'] / rg:.2f}× | {per_run('el_dps', 'rb_gcra_rps')} |")
print(f"| same | {f(m['el_dps'])} | `EVALSHA` gcra.lua, -c 2 -P 16 | {f(rp)} | {m['el_dps'] / rp:.2f}× | {per_run('el_dps', 'rb_gcra_p16_rps')} |")
print(f"| `try await limiter.decide(...)`, async API, 2 policies | {f(m['async_dps'])} | `EVALSHA` `return 1` | {f(rt)} | {m['async_dps'] / rt:.2f}× | {per_run('async_dps', 'rb_trivial_rps')} |")
print(f"| same | {f(m['async_dps'])} | `EVALSHA` gcra.lua | {f(rg)} | {m['async_dps'] / rg:.2f}× | {per_run('async_dps', 'rb_gcra_rps')} |")
print(f"| same | {f(m['async_dps'])} | `EVALSHA` gcra.lua, -c 2 -P 16 | {f(rp)} | {m['async_dps'] / rp:.2f}× | {per_run('async_dps', 'rb_gcra_p16_rps')} |")
print(f"\nOne decision at low load (one caller, {samples} timed per figure per run; µs)\n")
print("| figure | p50 µs | p99 µs | reference in the same run | ratio p50 | added p50 µs |")
print("|---|---:|---:|---|---:|---:|")
bt, bg = m["lat_raw_trivial_p50"], m["lat_raw_gcra_p50"]
print(f"| blocking socket, `EVALSHA` `return 1` (a plain round trip) | {us(bt)} | {us(m['lat_raw_trivial_p99'])} | — | — | — |")
print(f"| redis-benchmark -c 1, `EVALSHA` `return 1` | {us(m['rb1_trivial_p50'])} | {us(m['rb1_trivial_p99'])} | blocking `return 1` | {m['rb1_trivial_p50'] / bt:.2f}× | {m['rb1_trivial_p50'] - bt:+.1f} |")
print(f"| blocking socket, `EVALSHA` gcra.lua | {us(bg)} | {us(m['lat_raw_gcra_p99'])} | blocking `return 1` | {bg / bt:.2f}× | {bg - bt:+.1f} |")
print(f"| redis-benchmark -c 1, `EVALSHA` gcra.lua | {us(m['rb1_gcra_p50'])} | {us(m['rb1_gcra_p99'])} | blocking gcra.lua | {m['rb1_gcra_p50'] / bg:.2f}× | {m['rb1_gcra_p50'] - bg:+.1f} |")
for key, label in (("el", "**`RateLimiter.decide`, event-loop API**"), ("async", "`RateLimiter.decide`, async API")):
    p50 = m[f"lat_{key}_p50"]
    print(f"| {label} | {us(p50)} | {us(m[f'lat_{key}_p99'])} | blocking gcra.lua | {p50 / bg:.2f}× | {p50 - bg:+.1f} |")
denied = sum(values.get("el_denied", [])) + sum(values.get("async_denied", []))
failed = sum(values.get("el_failed", [])) + sum(values.get("async_failed", []))
degraded = sum(values.get("el_degraded", [])) + sum(values.get("async_degraded", []))
total = 2 * n * runs
print(f"\nOf the {total:,} measured Swift decisions: {denied:,.0f} refused by a policy ({100 * denied / total:.2f}%), "
      f"{failed:,.0f} failed, {degraded:,.0f} taken by the degraded mode (Redis slower than the 25 ms decision timeout).")
print("\n<details><summary>every run</summary>\n")
keys = ["rb_trivial_rps", "rb_gcra_rps", "rb_gcra_p16_rps", "el_dps", "async_dps", "lat_raw_trivial_p50", "lat_raw_gcra_p50", "lat_el_p50",
        "lat_el_p99", "lat_async_p50", "rb1_trivial_p50", "rb1_gcra_p50", "el_denied", "el_degraded", "async_degraded"]
print("| run | " + " | ".join(keys) + " | note |")
print("|---|" + "---:|" * len(keys) + "---|")
for index, row in enumerate(raw, 1):
    print(f"| {index} | " + " | ".join(f"{row.get(k, float('nan')):,.1f}" for k in keys) + f" | {row.get('note', '')} |")
print("\n</details>")
PY

{
    echo "# Rate-limit benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Command: \`N=$N RUNS=$RUNS CALLERS=$CALLERS SUBJECTS=$SUBJECTS SAMPLES=$SAMPLES LAT_N=$LAT_N bash bench/ratelimit/run.sh\`"
    echo "(private redis-server $REDIS_VERSION on loopback; each decision charges a client's 100/min and 1000/day windows"
    echo "in one \`EVALSHA\` of redis/gcra.lua, SHA ${GCRA_SHA:0:12}; subjects drawn from $SUBJECTS; see bench/ratelimit/README.md)"
    echo
    cat "$TMP/report.md"
    echo
    echo "- machine: \`$(uname -srm)\`; nproc: $(nproc); CPU: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "- swift: $(swift --version 2>&1 | head -1)"
    echo "- $QUIET_LINE"
    echo "- build ${BUILD_SECS}s; measuring ${MEASURE_SECS}s; whole script $(($(date +%s) - START_EPOCH))s; $KEYS_LEFT keys left in the private server (discarded with it)"
} >"$RESULT"

echo
cat "$RESULT"
echo
echo "results: ${RESULT#"$ROOT"/}"
