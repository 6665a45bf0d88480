#!/usr/bin/env bash
# CPU per hit of several running gateways, from `perf` samples instead of /proc's 100 Hz tick counts: for A/B of
# hit-path changes, where the per-run spread of req/s and of /proc's user time on this VM is wider than the change.
# Each run records every gateway in turn (interleaved) with `perf record -F FREQ -g` for exactly the length of one
# `wrk -t1 -c32` run, and prints µs per request: all samples, user-space samples, and those two for samples under
# the raw-bytes front (`HitFrontHandler`: scan, resolve, the answer's write; exact mode's Redis completions are in
# "user" only). Run to run, the user column of one binary still moves by ±1 µs here; compare medians of ≥ 4 runs (the
# summary at the end gives each gateway's median, lower quartile and range per column).
#
#   [RUNS=4] [DURATION=5s] [FREQ=4000] [SERVER_CPU=1] [CLIENT_CPU=0] \
#       GATEWAY="name url pid lua-file[; name url pid lua-file…]" bash bench/cache-hit/scripts/perf-ab.sh
#
# GATEWAY as scripts/floor.sh takes it: the line scripts/profile.sh prints with HOLD=<seconds> (hold one stack per
# build, e.g. `HOLD=900 TAGPULSE_HTTP_EVENT_LOOPS=1 MODE=exact FORM=get SIZE=large GZIP=0 METRICS=1
# BIN_DIR=<build> bash bench/cache-hit/scripts/profile.sh`). SERVER_CPU / CLIENT_CPU pin every gateway's threads and
# wrk (`taskset`; empty: no pinning).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
source "$ROOT/scripts/lib/common.sh"
ensure_packages wrk linux-perf
RUNS=${RUNS:-4} DURATION=${DURATION:-5s} FREQ=${FREQ:-4000}
SERVER_CPU=${SERVER_CPU-1} CLIENT_CPU=${CLIENT_CPU-0}
[ -n "${GATEWAY:-}" ] || { echo "GATEWAY is required (see the head of this script)" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tagpulse-perf-ab.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
IFS=';' read -ra gateways <<<"$GATEWAY"
client=()
[ -n "$CLIENT_CPU" ] && client=(taskset -c "$CLIENT_CPU")
if [ -n "$SERVER_CPU" ]; then
    for gateway in "${gateways[@]}"; do
        read -r _ _ pid _ <<<"$gateway"
        taskset -apc "$SERVER_CPU" "$pid" >/dev/null
    done
fi
for run in $(seq "$RUNS"); do
    for gateway in "${gateways[@]}"; do
        read -r name url pid lua <<<"$gateway"
        perf record -F "$FREQ" -e cpu-clock -g -p "$pid" -o "$TMP/perf.data" -- \
            "${client[@]}" wrk -t1 -c32 -d"$DURATION" --latency -s "$lua" "$url" >"$TMP/wrk.out" 2>/dev/null
        perf script -i "$TMP/perf.data" 2>/dev/null >"$TMP/perf.txt"
        requests=$(awk '/ requests in /{print $1}' "$TMP/wrk.out")
        printf '%-12s run %d  %7.0f req/s  p99 %-8s ' "$name" "$run" "$(awk '/Requests\/sec/{print $2}' "$TMP/wrk.out")" \
            "$(awk '/ 99%/{print $2}' "$TMP/wrk.out")"
        python3 "$HERE/perf-ab.py" "$TMP/perf.txt" "$requests" "$FREQ"
    done
done | tee "$TMP/runs.txt"
# Per gateway: median, lower quartile and range of each column over the runs (one run's figure moves by ±1 µs here).
python3 "$HERE/perf-ab.py" --summary "$TMP/runs.txt"
