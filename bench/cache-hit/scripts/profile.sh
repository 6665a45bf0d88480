#!/usr/bin/env bash
# Where a gateway's time goes on cache hits: a private Redis, engine and gateway (release binaries), one warm entry,
# wrk for 6 s, `perf record` (software clock; this VM has no hardware counters) on the gateway for 5 s of it, then a
# breakdown by pipeline stage (scripts/perf-breakdown.py). Nothing outside 127.0.0.1; everything it starts it stops.
#
#   MODE=exact|leased FORM=get|post [SIZE=small|large] [BIN_DIR=.build/release] [GZIP=0|1] [KEEP_PERF=file] [HOLD=s] \
#       [KEY_KIND=stored|bootstrap] [METRICS=0|1] bash bench/cache-hit/scripts/profile.sh
# KEY_KIND as run.sh: `stored` (default) sends a key made through the admin API, `bootstrap` the bootstrap key.
# SIZE is run.sh's request of that size (≈ 2.0 KB or 106 KB body).
# METRICS=1 keeps the Prometheus endpoint on (on a free port), as bench/cache-hit/run.sh's gateways have it; 0 (the
# default) turns metrics off.
# KEEP_PERF keeps the `perf script` text for a closer look (e.g. scripts/perf-top.py).
# HOLD=<seconds> skips the profile and keeps the warm stack up that long, printing the GATEWAY="…" line that
# scripts/floor.sh takes to measure it beside the floor.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source scripts/lib/common.sh
ensure_packages wrk linux-perf
BIN=${BIN_DIR:-.build/release}
MODE=${MODE:-leased}
FORM=${FORM:-get}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/tagpulse-profile.XXXXXX")
REDIS_PID="" ENGINE_PID="" GATEWAY_PID=""
cleanup() {
    for pid in "$GATEWAY_PID" "$ENGINE_PID" "$REDIS_PID"; do stop_pid "$pid"; done
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
RPORT=$(free_port)
GPORT=$(free_port)
start_redis "$RPORT" "$DIR/redis"
KEY="tp_profile_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -m 700 "$DIR/run"
export TAGPULSE_REDIS_URL="redis://127.0.0.1:$RPORT/0" TAGPULSE_ENGINE_SOCKET="$DIR/run/engine.sock" TAGPULSE_HTTP_PORT=$GPORT
export TAGPULSE_BOOTSTRAP_KEY=$KEY TAGPULSE_LOG_LEVEL=warning TAGPULSE_RATELIMIT_TIER_INTERNAL_REQUESTS=100000000/min
export TAGPULSE_RATELIMIT_MODE=$MODE TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS=0
if [ "${METRICS:-0}" = 1 ]; then
    export TAGPULSE_METRICS_HOST=127.0.0.1 TAGPULSE_METRICS_PORT=$(free_port)
else
    export TAGPULSE_METRICS_ENABLED=false
fi
"$BIN/tagpulse-engine" >"$DIR/engine.log" 2>&1 &
ENGINE_PID=$!
sleep 1
"$BIN/tagpulse-gateway" >"$DIR/gateway.log" 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$GPORT/readyz" && break; sleep 0.1; done
if [ "${SIZE:-small}" = large ]; then
    URL="/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=5&max_comments_per_post=62"
    BODY='{"hashtag":"skincare","ai_analysis_prompt":"What do people think?","max_posts":5,"max_comments_per_post":62}'
else
    URL="/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=1&max_comments_per_post=1"
    BODY='{"hashtag":"skincare","ai_analysis_prompt":"What do people think?","max_posts":1,"max_comments_per_post":1}'
fi
if [ "${KEY_KIND:-stored}" = stored ]; then
    KEY=$(create_key "http://127.0.0.1:$GPORT" "$KEY" profile internal)
fi
curl -s -o /dev/null -H "Authorization: Bearer $KEY" "http://127.0.0.1:$GPORT$URL"
{
    [ "$FORM" = post ] && printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'$BODY'"
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$KEY"
    if [ "${GZIP:-1}" = 1 ]; then printf 'wrk.headers["Accept-Encoding"] = "gzip"\n'; fi
} >"$DIR/wrk.lua"
TARGET="http://127.0.0.1:$GPORT$([ "$FORM" = get ] && echo "$URL" || echo /v1/analyze/hashtag)"
if [ -n "${HOLD:-}" ]; then
    # Keep the stack up instead of profiling: another script measures it (scripts/floor.sh's GATEWAY).
    echo "GATEWAY=\"gateway-$MODE-$FORM $TARGET $GATEWAY_PID $DIR/wrk.lua\"  (held for ${HOLD}s; Ctrl-C stops it)"
    sleep "$HOLD"
    exit 0
fi
wrk -t1 -c32 -d2s -s "$DIR/wrk.lua" "$TARGET" >/dev/null
perf record -F 2000 -e cpu-clock -g -p "$GATEWAY_PID" -o "$DIR/perf.data" -- sleep 5 >/dev/null 2>&1 &
PERF_PID=$!
wrk -t1 -c32 -d6s --latency -s "$DIR/wrk.lua" "$TARGET" >"$DIR/wrk.out"
wait "$PERF_PID" || true
echo "$MODE $FORM: $(grep Requests/sec "$DIR/wrk.out") p99$(grep ' 99%' "$DIR/wrk.out" | awk '{print " " $2}'); load $(cut -d' ' -f1 /proc/loadavg)"
perf script -i "$DIR/perf.data" 2>/dev/null >"$DIR/perf.txt"
python3 bench/cache-hit/scripts/perf-breakdown.py "$DIR/perf.txt"
[ -n "${KEEP_PERF:-}" ] && cp "$DIR/perf.txt" "$KEEP_PERF"
true
