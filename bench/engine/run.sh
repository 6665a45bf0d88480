#!/usr/bin/env bash
# Engine benchmark: TARGETS P5 (cold analysis vs the original's serial design) and P9 (engine peak RSS at the
# largest request), against fake RapidAPI + OpenAI upstreams on loopback. See bench/engine/README.md.
#
#   bench/engine/run.sh                        # build (release), run, write bench/engine/results/<timestamp>.md
#   TAGPULSE_BENCH_SKIP_BUILD=1 bench/engine/run.sh   # use the release binaries already built
#   TAGPULSE_BENCH_RUNS=3 TAGPULSE_BENCH_DELAY_MS=100 bench/engine/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

runs="${TAGPULSE_BENCH_RUNS:-3}"
delay_ms="${TAGPULSE_BENCH_DELAY_MS:-100}"
limit_s="${TAGPULSE_BENCH_TIME_LIMIT_S:-1500}" # the whole benchmark is stopped after this

command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }

if [[ "${TAGPULSE_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    echo "== swift build -c release (shared .build; may wait for another build's lock)" >&2
    timeout 2400 swift build -c release >&2
fi
bin="$(swift build -c release --show-bin-path)"
engine="$bin/tagpulse-engine"
[[ -x "$engine" ]] || { echo "no engine binary at $engine" >&2; exit 1; }

work="$(mktemp -d /tmp/tagpulse-bench-engine.XXXXXX)"
fake_pid=""
driver_pid=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [[ -n "$driver_pid" ]] && kill "$driver_pid" 2>/dev/null || true
    if [[ -f "$work/engine.pid" ]]; then
        local epid
        epid="$(cat "$work/engine.pid")"
        if kill -0 "$epid" 2>/dev/null; then
            kill -TERM "$epid" 2>/dev/null || true
            sleep 1
            kill -KILL "$epid" 2>/dev/null || true
        fi
    fi
    [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT INT TERM

timeout "$limit_s" python3 "$here/fake_upstreams.py" --port-file "$work/port" --delay-ms "$delay_ms" \
    --lifetime-s "$limit_s" 2>"$work/fake.log" &
fake_pid=$!
for _ in $(seq 1 100); do
    [[ -s "$work/port" ]] && break
    kill -0 "$fake_pid" 2>/dev/null || { cat "$work/fake.log" >&2; exit 1; }
    sleep 0.1
done
[[ -s "$work/port" ]] || { echo "the fake upstreams did not start" >&2; exit 1; }
port="$(cat "$work/port")"
echo "== fake upstreams on 127.0.0.1:$port, engine $engine" >&2

timeout "$limit_s" python3 "$here/bench.py" --engine "$engine" --fake-port "$port" --work "$work" \
    --results-dir "$here/results" --runs "$runs" --delay-ms "$delay_ms" &
driver_pid=$!
wait "$driver_pid"
