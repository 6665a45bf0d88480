#!/usr/bin/env bash
# Cache-hit benchmark of the real gateway (issue #6 item 10, issue #14 "Targets"): the one command.
#
#   BIN_DIR=bench/cache-hit/.build/release bash bench/cache-hit/run.sh
#
# Measures in one run everything TARGETS P1-P3 and P9 name: the gateway's cache hit in both request forms (GET
# /v1/hashtags/{tag}/analysis and POST /v1/analyze/hashtag), identity and gzip, at two body sizes (≈ 1.7 KB and
# ≈ 106 KB), in `exact` mode and in `leased` mode with the hot cache, against two references serving the same bytes
# in the same run: nginx `proxy_cache` HIT (nginx.conf) and the Kong-like reference (nginx-kong.conf: nginx + Lua
# key check + one pipelined INCR+EXPIRE to the same Redis + the `proxy_cache` HIT). Beside them, what the machine
# allows in the same run: the floor (floor/floor.c, the same bytes with `sendfile` and no user-space work) and the
# floor with exact mode's Redis pipeline per pass of its loop (floor/floor-redis.c, on the same Redis), so a p99
# target that even they miss in this run is marked as beyond the machine, not the gateway's (report.py).
#
# Builds this package in release mode (scratch path bench/cache-hit/.build) unless BIN_DIR is given; starts a
# private redis-server (redis/redis.conf, free port), the engine (offline corpus, local analyzer) and one gateway
# per mode; makes a stored key in a tier with a huge requests limit (KEY_KIND); warms one cache entry per size and requires hits
# from every gateway, form and encoding, with the same bytes; starts nginx and the Kong-like nginx (NGINX_WORKERS
# workers each, 1 by default) and requires HITs of those bytes, and that the Kong-like one really counts in Redis. Then runs
# `wrk -t1 -c32 -d8s --latency` RUNS times per variant and size, interleaved, with the same request (path, query,
# headers) to every server. Around each gateway and Kong-like run it reads Redis's INFO (commands, reply bytes,
# socket reads per request) and after each gateway run the gateway's peak RSS; around every run, where the machine's
# CPU went (idle share, wrk's CPU: a saturated load generator caps every server alike). scripts/redis-probe.py shows what
# one hit sends, sequentially. scripts/report.py writes the tables and the target verdicts to
# bench/cache-hit/results/<timestamp>.md and prints them.
#
# Variants (VARIANTS, in run order; each is run at every size in SIZES):
#   nginx, nginx-gzip            nginx proxy_cache HIT, identity / gzip bytes (the reference for ratios "× nginx")
#   kong, kong-gzip              the Kong-like reference, identity / gzip (the reference for ratios "× Kong-like")
#   floor, floor-gzip            the floor: reads a request, sends the same bytes (a short head, the body by sendfile)
#   floor-redis, floor-redis-gzip   the floor holding each loop pass's requests until one pipeline of exact mode's
#                                commands for them (gcra-many EVALSHA, entry GETRANGE, two marks HMGETs) comes back
#   gateway, gateway-gzip        tagpulse-gateway hit, GET form, identity (the gateway inflates its stored gzip) / gzip
#   gateway-post, gateway-post-gzip   the same entry through the POST form (JSON body)
#   <any gateway variant>-leased the same against the second gateway, started with GATEWAY_ENV_LEASED
#
# Environment (defaults in brackets):
#   DURATION [8s]  RUNS [3]  THREADS [1]  CONNECTIONS [32]  WARMUP [2s]
#   VARIANTS [all 12 above]   SIZES ["small large"]
#   SMALL_PARAMS ["max_posts=1&max_comments_per_post=1"]  (≈ 2.0 KB)
#   LARGE_PARAMS ["max_posts=5&max_comments_per_post=62"]  (≈ 106 KB)
#   TAG [skincare]  PROMPT ["What do people think?"] (a general-opinion prompt keeps every opinionated comment; a
#   narrower one, such as the price, keeps fewer and shrinks the bodies: 1.3 KB and 17 KB with the old params)
#   GATEWAY_ENV [""]          extra VAR=value words for both gateways
#   GATEWAY_ENV_EXACT [""]    extra VAR=value words for the exact-mode gateway (its defaults are exact mode)
#   GATEWAY_ENV_LEASED ["TAGPULSE_RATELIMIT_MODE=leased TAGPULSE_CACHE_HOT_MAX_BYTES=67108864"]
#   BIN_DIR [unset]   use the tagpulse-engine / tagpulse-gateway release binaries in this directory instead of
#                     building (e.g. BIN_DIR=.build/release after `swift build -c release`)
#   QUIET_SECS [20]   before the first run, no compiler (swift-build|swift-frontend|swiftc) and at most
#                     QUIET_BUSY [25] % of the machine busy, for this many seconds in a row;
#   QUIET_SECS_BETWEEN [3]  the same before every later run
#   QUIET_MAX [600]   give up waiting for quiet after this many seconds in total, or earlier when the rest of the
#                     run would no longer fit in MAX_TOTAL (then measure anyway; the results say so)
#   FOREIGN_MAX [10]  a run is "disturbed" if a compiler appeared or other processes used more than this % of the
#                     machine during it (bench/http-layer/scripts/cpu-load.py); a disturbed run is repeated, at most
#   RETRIES [2]       this many times per variant and size, and only while time is left
#   PROBE_REQUESTS [500]  sequential hits of the Redis probe (per mode and form, at the first size)
#   NGINX_WORKERS [1]  worker_processes of nginx and of the Kong-like nginx
#   GATEWAY_LOOPS [NGINX_WORKERS]  the gateways' TAGPULSE_HTTP_EVENT_LOOPS: by default as many serving threads as
#                     each nginx has workers (TARGETS' references run one worker each); GATEWAY_LOOPS= (empty) gives the
#                     product default, one per core. On this 2-CPU machine, wrk is a third busy thread next to two
#                     serving threads, and every server loses by it: nginx with 2 workers, 10-15 % of its req/s and
#                     2.5x its p99 (results/20261206T205854Z.md; docs/BENCHMARKS.md, "matched serving threads")
#   SERVER_CPUS, CLIENT_CPUS [unset]  a CPU split (taskset lists, e.g. 0 and 1): every server thread on
#                     SERVER_CPUS, wrk on CLIENT_CPUS, so the load generator does not share the servers' CPUs (give
#                     the gateways GATEWAY_ENV="TAGPULSE_HTTP_EVENT_LOOPS=<number of SERVER_CPUS>" to match)
#   PAUSE_MS [unset]  a paced run: each connection waits this many ms before each request (auth.lua's
#                     BENCH_PAUSE_MS), so every server is offered the same load, below saturation (P2 is measured at
#                     saturation: this says how much of a p99 is the load). wrk's millisecond timers end the pauses
#                     together, so the load comes in bursts of up to one request per connection. req/s then say
#                     nothing about P1.
#   KEY_KIND [stored]  the key every request presents: `stored`, an ordinary key made through the admin API
#                     (`tp_<id>_<secret>`, tier internal, scope analyze: what clients send), or `bootstrap`, the
#                     gateways' TAGPULSE_BOOTSTRAP_KEY (runs before 2026-12-06 12:30 UTC used it)
#   BUILD_TIMEOUT [1200]  MAX_TOTAL [1500]  seconds; the script is stopped MAX_TOTAL after the build (25 min)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CPU_LOAD="$ROOT/bench/http-layer/scripts/cpu-load.py"   # shared with the HTTP-layer benchmark
DURATION=${DURATION:-8s}
RUNS=${RUNS:-3}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-2s}
ALL_VARIANTS="nginx nginx-gzip kong kong-gzip floor floor-gzip floor-redis floor-redis-gzip gateway gateway-gzip gateway-post gateway-post-gzip gateway-leased gateway-gzip-leased gateway-post-leased gateway-post-gzip-leased"
VARIANTS=${VARIANTS:-$ALL_VARIANTS}
SIZES=${SIZES:-"small large"}
SMALL_PARAMS=${SMALL_PARAMS:-"max_posts=1&max_comments_per_post=1"}
LARGE_PARAMS=${LARGE_PARAMS:-"max_posts=5&max_comments_per_post=62"}
TAG=${TAG:-skincare}
PROMPT=${PROMPT:-"What do people think?"}
GATEWAY_ENV=${GATEWAY_ENV:-}
GATEWAY_ENV_EXACT=${GATEWAY_ENV_EXACT:-}
GATEWAY_ENV_LEASED=${GATEWAY_ENV_LEASED:-"TAGPULSE_RATELIMIT_MODE=leased TAGPULSE_CACHE_HOT_MAX_BYTES=67108864"}
BIN_DIR=${BIN_DIR:-}
QUIET_SECS=${QUIET_SECS:-20}
QUIET_SECS_BETWEEN=${QUIET_SECS_BETWEEN:-3}
QUIET_MAX=${QUIET_MAX:-600}
QUIET_BUSY=${QUIET_BUSY:-25}
FOREIGN_MAX=${FOREIGN_MAX:-10}
RETRIES=${RETRIES:-2}
PROBE_REQUESTS=${PROBE_REQUESTS:-500}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-1200}
SERVER_CPUS=${SERVER_CPUS:-}
CLIENT_CPUS=${CLIENT_CPUS:-}
NGINX_WORKERS=${NGINX_WORKERS:-1}
GATEWAY_LOOPS=${GATEWAY_LOOPS-$NGINX_WORKERS}
PAUSE_MS=${PAUSE_MS:-}
MAX_TOTAL=${MAX_TOTAL:-1500}
HOST=127.0.0.1   # loopback only, never anything else
COMPILER_PATTERN='swift-build|swift-frontend|swiftc'
POST_PATH=/v1/analyze/hashtag

cd "$ROOT"
# log, free_port, start_redis (redis/redis.conf, private port and dir), stop_pid, ensure_packages: as scripts/run
source "$ROOT/scripts/lib/common.sh"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

SCRIPT_START=$(date +%s)
START_EPOCH=$SCRIPT_START
TMP=$(mktemp -d /tmp/cache-hit-bench.XXXXXX)
chmod 755 "$TMP"   # nginx workers (user nobody) read www/ and write cache/ below it
REDIS_PID="" ENGINE_PID="" NGINX_PID="" KONG_PID="" WATCHDOG=""
declare -A GW_PID GW_PORT FLOOR_PID FLOOR_PORT

cleanup() {
    trap - EXIT
    stop_pid "$KONG_PID"
    stop_pid "$NGINX_PID"
    for f in "${!FLOOR_PID[@]}"; do stop_pid "${FLOOR_PID[$f]}"; done
    for m in "${!GW_PID[@]}"; do stop_pid "${GW_PID[$m]}"; done
    stop_pid "$ENGINE_PID"
    stop_pid "$REDIS_PID"
    [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- variants
variant_info() {  # variant -> sets V_SERVER (nginx|kong|floor|gateway) V_FORM (get|post) V_GZIP (0|1) V_MODE (exact|leased)
    local v=$1
    [[ " $ALL_VARIANTS " == *" $v "* ]] || { echo "unknown variant '$v' (known: $ALL_VARIANTS)" >&2; exit 1; }
    V_SERVER=${v%%-*} V_FORM=get V_GZIP=0 V_MODE=exact
    [[ $v != *-post* ]] || V_FORM=post
    [[ $v != *-gzip* ]] || V_GZIP=1
    [[ $v != *-leased ]] || V_MODE=leased
}
MODES=""
NEED_NGINX=0 NEED_KONG=0 NEED_FLOOR=0
for v in $VARIANTS; do
    variant_info "$v"
    case $V_SERVER in
        gateway) [[ " $MODES " == *" $V_MODE "* ]] || MODES+="${MODES:+ }$V_MODE" ;;
        kong) NEED_KONG=1 ;;
        nginx) NEED_NGINX=1 ;;
        floor) NEED_FLOOR=1 ;;
    esac
done
[ -n "$MODES" ] || MODES=exact   # the gateway fills the cache even when no gateway variant is measured
MODES=$( (for m in exact leased; do [[ " $MODES " != *" $m "* ]] || echo "$m"; done) | paste -sd' ' -)
[ "$NEED_KONG" = 0 ] || NEED_NGINX=1   # the Kong-like nginx proxies to nginx.conf's static upstream
declare -A PARAMS
for s in $SIZES; do
    case $s in
        small) PARAMS[$s]=$SMALL_PARAMS ;;
        large) PARAMS[$s]=$LARGE_PARAMS ;;
        *) echo "unknown size '$s' (small, large)" >&2; exit 1 ;;
    esac
done

# ---------------------------------------------------------------- packages and tools
KONG_MODULE=/usr/lib/nginx/modules/ngx_http_lua_module.so
if [ "$NEED_KONG" = 1 ] && [ ! -e "$KONG_MODULE" ]; then
    ensure_packages libnginx-mod-http-lua   # nginx + Lua for the Kong-like reference (Debian)
fi
for tool in wrk nginx curl python3 swift timeout redis-server redis-cli gzip; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y nginx wrk curl redis-server libnginx-mod-http-lua)" >&2; exit 1; }
done
[ "$NEED_KONG" = 0 ] || [ -e "$KONG_MODULE" ] || { echo "missing $KONG_MODULE (apt-get install -y libnginx-mod-http-lua)" >&2; exit 1; }

elapsed() { echo $(( $(date +%s) - START_EPOCH )); }

# ---------------------------------------------------------------- build
if [ -n "$BIN_DIR" ]; then
    BIN=$(cd "$BIN_DIR" && pwd)
    BUILD_LINE="reused the release binaries in ${BIN#"$ROOT"/} (BIN_DIR; not rebuilt by this run)"
    log "using $BIN (not building)"
else
    log "building $ROOT in release mode, scratch path bench/cache-hit/.build (timeout ${BUILD_TIMEOUT}s)"
    BUILD_START=$(date +%s)
    timeout "$BUILD_TIMEOUT" swift build -c release --package-path "$ROOT" --scratch-path "$HERE/.build" >"$TMP/build.log" 2>&1 \
        || { tail -40 "$TMP/build.log" >&2; echo "build failed (or took over ${BUILD_TIMEOUT}s)" >&2; exit 1; }
    BIN=$(swift build -c release --package-path "$ROOT" --scratch-path "$HERE/.build" --show-bin-path)
    BUILD_SECS=$(( $(date +%s) - BUILD_START ))
    BUILD_LINE="\`swift build -c release --scratch-path bench/cache-hit/.build\` took ${BUILD_SECS}s in this run (incremental when bench/cache-hit/.build already held a build)"
    log "build done in ${BUILD_SECS}s"
fi
for exe in tagpulse-gateway tagpulse-engine; do
    [ -x "$BIN/$exe" ] || { echo "$BIN/$exe missing" >&2; exit 1; }
done

# The time bound counts from here (after any build): SIGTERM ourselves at MAX_TOTAL; the traps stop everything.
START_EPOCH=$(date +%s)
# shellcheck source=../lib/watchdog.sh
source "$HERE/../lib/watchdog.sh"
# shellcheck source=../lib/cpu-sampler.sh
source "$HERE/../lib/cpu-sampler.sh"
start_watchdog "$MAX_TOTAL"

DURATION_S=$(awk -v d="$DURATION" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print int(n) }')
WARMUP_S=$(awk -v d="$WARMUP" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; print int(n + 0.999) }')
FOREIGN_WINDOW=$(( DURATION_S > 4 ? DURATION_S - 2 : 1 ))
NCELLS=$(( $(wc -w <<<"$VARIANTS") * $(wc -w <<<"$SIZES") ))
RUN_COST=$(( DURATION_S + QUIET_SECS_BETWEEN + 3 ))   # one wrk run with its quiet check and INFO reads, in seconds
RUNS_LEFT=$(( RUNS * NCELLS ))
# Seconds that can still go to waiting for quiet or repeating runs: what is left of MAX_TOTAL after the runs still
# to do, their warm-ups and the report.
slack() { echo $(( MAX_TOTAL - $(elapsed) - RUNS_LEFT * RUN_COST - NCELLS * WARMUP_S - 30 )); }

# ---------------------------------------------------------------- quiet machine
QUIET_WAITED=0      # seconds spent waiting in total
QUIET_GAVE_UP=""    # why, when it did
# A zombie compiler (a killed build whose parent has not reaped it) uses no CPU: only running, sleeping or
# waiting ones count.
compiler_running() { pgrep -r R,S,D -f "$COMPILER_PATTERN" 2>/dev/null | grep -vqx "$$"; }
wait_for_quiet() {  # [seconds]
    local quiet=0 needed=${1:-$QUIET_SECS} busy
    while [ "$quiet" -lt "$needed" ]; do
        if [ -z "$QUIET_GAVE_UP" ] && [ "$QUIET_WAITED" -ge "$QUIET_MAX" ]; then
            QUIET_GAVE_UP="after ${QUIET_WAITED}s of waiting (QUIET_MAX)"
        elif [ -z "$QUIET_GAVE_UP" ] && [ "$(slack)" -le 0 ]; then
            QUIET_GAVE_UP="after ${QUIET_WAITED}s of waiting, to stay within MAX_TOTAL=${MAX_TOTAL}s"
        fi
        if [ -n "$QUIET_GAVE_UP" ]; then
            [ -n "${QUIET_LOGGED:-}" ] || log "no quiet machine $QUIET_GAVE_UP: measuring anyway"
            QUIET_LOGGED=1
            return 0
        fi
        busy=$(python3 "$CPU_LOAD" busy 1)   # takes 1 s
        if compiler_running || [ "$busy" -gt "$QUIET_BUSY" ]; then quiet=0; else quiet=$((quiet + 1)); fi
        QUIET_WAITED=$((QUIET_WAITED + 1))
    done
}

# ---------------------------------------------------------------- helpers
wait_http() {  # url: wait up to 30 s for a 200
    local url=$1
    for _ in $(seq 300); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
        sleep 0.1
    done
    echo "server at $url did not come up" >&2
    return 1
}

header() {  # file name -> value of the first such header (case-insensitive), CR stripped
    tr -d '\r' <"$1" | awk -v n="$(tr '[:upper:]' '[:lower:]' <<<"$2")" 'index(tolower($0), n ": ") == 1 { print substr($0, length(n) + 3); exit }'
}

# Renders a config template: @NAME@ -> value for each NAME=value; fails on a placeholder left outside comments.
render() {  # template out NAME=value...
    python3 - "$@" <<'PY'
import re, sys
src, dst, *pairs = sys.argv[1:]
text = open(src).read()
for pair in pairs:
    name, value = pair.split("=", 1)
    text = text.replace("@" + name + "@", value)
left = [m for line in text.splitlines() if not line.lstrip().startswith("#") for m in re.findall(r"@[A-Z_]+@", line)]
if left:
    sys.exit(f"{src}: placeholders left: {left}")
open(dst, "w").write(text)
PY
}

# Prints what a gateway answered and its log, then stops: a gateway that does not serve hits is reported, not
# worked around.
gateway_failed() {  # mode what headers-file body-file request
    {
        echo
        echo "GATEWAY ($1 mode) DID NOT SERVE A CACHE HIT: $2"
        echo "--- request: $5 (Authorization: Bearer <bench key>)"
        echo "--- response head:"
        tr -d '\r' <"$3" 2>/dev/null || true
        echo "--- body (first 800 bytes):"
        head -c 800 "$4" 2>/dev/null | cat -v
        echo
        echo "--- gateway ($1) log (last 40 lines):"
        tail -40 "$TMP/gateway-$1.log" || true
        echo "--- engine log (last 20 lines):"
        tail -20 "$TMP/engine.log" || true
    } >&2
    exit 1
}

# ---------------------------------------------------------------- stack
REDIS_PORT=$(free_port)
start_redis "$REDIS_PORT" "$TMP/redis"
log "redis-server $(redis-server --version | awk '{print $3}' | sed 's/v=//') on $HOST:$REDIS_PORT (redis/redis.conf)"
rcli() { redis-cli -h "$HOST" -p "$REDIS_PORT" "$@"; }

# Only what is set here reaches the engine and the gateways (no inherited TAGPULSE_*, RapidAPI or OpenAI keys).
ENGINE_SOCKET="$TMP/engine/engine.sock"
ADMIN_KEY="tp_bench_cachehit_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"   # the gateways' bootstrap key
KEY_KIND=${KEY_KIND:-stored}
case "$KEY_KIND" in stored | bootstrap) ;; *) echo "KEY_KIND must be stored or bootstrap, not '$KEY_KIND'" >&2; exit 2 ;; esac
env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 \
    TAGPULSE_ENGINE_SOCKET="$ENGINE_SOCKET" TAGPULSE_LOG_LEVEL=warning TAGPULSE_LOG_FORMAT=text \
    "$BIN/tagpulse-engine" >"$TMP/engine.log" 2>&1 &
ENGINE_PID=$!
for _ in $(seq 200); do
    [ -S "$ENGINE_SOCKET" ] && break
    kill -0 "$ENGINE_PID" 2>/dev/null || { cat "$TMP/engine.log" >&2; echo "the engine exited during start-up" >&2; exit 1; }
    sleep 0.1
done
[ -S "$ENGINE_SOCKET" ] || { echo "the engine did not listen within 20 s" >&2; exit 1; }

declare -A GW_ENV
GW_ENV[exact]="$GATEWAY_ENV $GATEWAY_ENV_EXACT"
GW_ENV[leased]="$GATEWAY_ENV $GATEWAY_ENV_LEASED"
start_gateway() {  # mode
    local mode=$1 port metrics extra
    port=$(free_port)
    for other in "${GW_PORT[@]}"; do [ "$other" != "$port" ] || port=$(free_port); done
    metrics=$(free_port)   # the admin (metrics) listener: its default 9464 would collide between the two gateways
    while [ "$metrics" = "$port" ]; do metrics=$(free_port); done
    read -r -a extra <<<"${GW_ENV[$mode]}"
    env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 \
        TAGPULSE_HTTP_HOST="$HOST" TAGPULSE_HTTP_PORT="$port" \
        TAGPULSE_METRICS_HOST="$HOST" TAGPULSE_METRICS_PORT="$metrics" \
        TAGPULSE_ENGINE_SOCKET="$ENGINE_SOCKET" \
        TAGPULSE_REDIS_URL="redis://$HOST:$REDIS_PORT/0" \
        TAGPULSE_BOOTSTRAP_KEY="$ADMIN_KEY" \
        TAGPULSE_AUTH_BOOTSTRAP_TIER=internal \
        TAGPULSE_RATELIMIT_TIER_INTERNAL_REQUESTS=100000000/min \
        TAGPULSE_LOG_LEVEL=warning TAGPULSE_LOG_FORMAT=text \
        ${GATEWAY_LOOPS:+TAGPULSE_HTTP_EVENT_LOOPS="$GATEWAY_LOOPS"} \
        "${extra[@]}" \
        "$BIN/tagpulse-gateway" >"$TMP/gateway-$mode.log" 2>&1 &
    GW_PID[$mode]=$!
    GW_PORT[$mode]=$port
    wait_http "http://$HOST:$port/readyz" || { tail -40 "$TMP/gateway-$mode.log" >&2; exit 1; }
    log "gateway ($mode mode) up on :$port; extra environment: '$(xargs <<<"${GW_ENV[$mode]}")'"
}
for m in $MODES; do start_gateway "$m"; done
# The key every server is sent (the Kong-like reference checks the same string).
if [ "$KEY_KIND" = stored ]; then
    BENCH_KEY=$(create_key "http://$HOST:${GW_PORT[${MODES%% *}]}" "$ADMIN_KEY" cache-hit-bench internal) \
        || { echo "could not create the bench key" >&2; exit 1; }
    log "bench key: a stored key (tier internal, scope analyze) made through the admin API"
else
    BENCH_KEY=$ADMIN_KEY
    log "bench key: the gateways' bootstrap key"
fi
FILL_MODE=${MODES%% *}
# Whether the binary carries the leased/hot-cache configuration keys at all (a string search, for the report).
KNOWS_HOT=no KNOWS_MODE=no
grep -aqF 'hot_max_bytes' "$BIN/tagpulse-gateway" && KNOWS_HOT=yes
grep -aqF 'RATELIMIT_MODE' "$BIN/tagpulse-gateway" || grep -aqF 'ratelimit.mode' "$BIN/tagpulse-gateway" && KNOWS_MODE=yes

# ---------------------------------------------------------------- the requests, per size
declare -A GET_PATH POST_BODY
for s in $SIZES; do
    GET_PATH[$s]=$(python3 -c 'import sys, urllib.parse as u; print(f"/v1/hashtags/{sys.argv[1]}/analysis?prompt={u.quote(sys.argv[2], safe=str())}&{sys.argv[3]}")' "$TAG" "$PROMPT" "${PARAMS[$s]}")
    # the POST form of the same request: AnalysisRequestParser's field names, numbers as JSON numbers
    POST_BODY[$s]=$(python3 -c '
import json, sys, urllib.parse as u
body = {"hashtag": sys.argv[1], "ai_analysis_prompt": sys.argv[2]}
body.update({k: int(v) for k, v in u.parse_qsl(sys.argv[3])})
print(json.dumps(body, separators=(",", ":")))' "$TAG" "$PROMPT" "${PARAMS[$s]}")
done

mkdir -p "$TMP/resp"
ask() {  # out-name base-url form size gzip(0|1): one request as wrk sends it, into $TMP/resp/out.{h,b}; prints the status
    local out=$1 base=$2 form=$3 s=$4 gz=$5 args=()
    [ "$gz" = 0 ] || args+=(-H "Accept-Encoding: gzip")
    if [ "$form" = post ]; then
        args+=(-X POST -H "Content-Type: application/json" --data-binary "${POST_BODY[$s]}")
        curl -s -D "$TMP/resp/$out.h" -o "$TMP/resp/$out.b" -w '%{http_code}' --max-time 60 \
            -H "Authorization: Bearer $BENCH_KEY" "${args[@]}" "$base$POST_PATH" || true
    else
        curl -s -D "$TMP/resp/$out.h" -o "$TMP/resp/$out.b" -w '%{http_code}' --max-time 60 \
            -H "Authorization: Bearer $BENCH_KEY" "${args[@]}" "$base${GET_PATH[$s]}" || true
    fi
}
describe_request() {  # form size
    if [ "$1" = post ]; then echo "POST $POST_PATH ${POST_BODY[$2]}"; else echo "GET ${GET_PATH[$2]}"; fi
}

# ---------------------------------------------------------------- warm one entry per size, require hits everywhere
declare -A BODY_BYTES GZ_BYTES WARM_STATUS
CONTENT_TYPE=""
for s in $SIZES; do
    gw="http://$HOST:${GW_PORT[$FILL_MODE]}"
    status=$(ask "warm@$s" "$gw" get "$s" 0)
    [ "$status" = 200 ] || gateway_failed "$FILL_MODE" "warming request answered $status" "$TMP/resp/warm@$s.h" "$TMP/resp/warm@$s.b" "$(describe_request get "$s")"
    WARM_STATUS[$s]=$(header "$TMP/resp/warm@$s.h" Cache-Status)
    log "warmed $s: Cache-Status: ${WARM_STATUS[$s]}"
    ref="$TMP/resp/warm@$s.b"
    for m in $MODES; do
        gw="http://$HOST:${GW_PORT[$m]}"
        for form in get post; do
            for gz in 0 1; do
                name="check-$m-$form-$gz@$s"
                # a first request may fill a per-instance layer (the hot cache); the second must be a hit
                ask "$name" "$gw" "$form" "$s" "$gz" >/dev/null
                status=$(ask "$name" "$gw" "$form" "$s" "$gz")
                cs=$(header "$TMP/resp/$name.h" Cache-Status) ce=$(header "$TMP/resp/$name.h" Content-Encoding)
                what="$form, $([ "$gz" = 1 ] && echo gzip || echo identity), $s"
                [ "$status" = 200 ] && [[ $cs == "TagPulse; hit"* ]] \
                    || gateway_failed "$m" "$what: status $status, Cache-Status '$cs'" "$TMP/resp/$name.h" "$TMP/resp/$name.b" "$(describe_request "$form" "$s")"
                if [ "$gz" = 1 ]; then
                    [ "$ce" = gzip ] || gateway_failed "$m" "$what: answered without Content-Encoding: gzip" "$TMP/resp/$name.h" "$TMP/resp/$name.b" "$(describe_request "$form" "$s")"
                    gzip -dc <"$TMP/resp/$name.b" | cmp -s - "$ref" \
                        || gateway_failed "$m" "$what: the gzip body does not inflate to the warmed body" "$TMP/resp/$name.h" "$TMP/resp/$name.b" "$(describe_request "$form" "$s")"
                else
                    [ -z "$ce" ] || gateway_failed "$m" "$what: identity request answered with Content-Encoding: $ce" "$TMP/resp/$name.h" "$TMP/resp/$name.b" "$(describe_request "$form" "$s")"
                    cmp -s "$TMP/resp/$name.b" "$ref" \
                        || gateway_failed "$m" "$what: the hit's body differs from the warming response's" "$TMP/resp/$name.h" "$TMP/resp/$name.b" "$(describe_request "$form" "$s")"
                fi
            done
        done
    done
    CONTENT_TYPE=$(header "$TMP/resp/check-$FILL_MODE-get-0@$s.h" Content-Type)
    BODY_BYTES[$s]=$(wc -c <"$ref")
    GZ_BYTES[$s]=$(wc -c <"$TMP/resp/check-$FILL_MODE-get-1@$s.b")
    log "$s: ${BODY_BYTES[$s]}-byte body, ${GZ_BYTES[$s]} bytes gzip; hits from modes '$MODES', both forms, both encodings, same bytes"
done

# ---------------------------------------------------------------- nginx and the Kong-like nginx
NGINX_PORT="" KONG_PORT=""
nginx_hit() {  # out base-url size gzip: requires X-Cache-Status: HIT and the gateway's bytes
    local out=$1 base=$2 s=$3 gz=$4 status="" i ce ref
    for i in 1 2 3 4 5; do
        ask "$out" "$base" get "$s" "$gz" >/dev/null
        status=$(header "$TMP/resp/$out.h" X-Cache-Status)
        [ "$status" = HIT ] && break
        sleep 0.2
    done
    [ "$status" = HIT ] || { cat "$TMP/resp/$out.h" >&2; echo "$base is not serving proxy_cache HITs for $out (X-Cache-Status: $status)" >&2; exit 1; }
    ce=$(header "$TMP/resp/$out.h" Content-Encoding)
    if [ "$gz" = 1 ]; then ref="$TMP/nginx/www/$s.gz"; [ "$ce" = gzip ] || { echo "$out: no Content-Encoding: gzip" >&2; exit 1; }
    else ref="$TMP/nginx/www/$s"; [ -z "$ce" ] || { echo "$out: Content-Encoding $ce" >&2; exit 1; }; fi
    cmp -s "$TMP/resp/$out.b" "$ref" || { echo "$out: the body differs from the gateway's" >&2; exit 1; }
}
if [ "$NEED_NGINX" = 1 ]; then
    NGINX_PORT=$(free_port)
    ORIGIN_PORT=$(free_port)
    while [ "$ORIGIN_PORT" = "$NGINX_PORT" ]; do ORIGIN_PORT=$(free_port); done
    mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp" "$TMP/nginx/www"
    chmod 755 "$TMP/nginx" "$TMP/nginx/www"
    BODY_MAP=""
    for s in $SIZES; do
        cp "$TMP/resp/warm@$s.b" "$TMP/nginx/www/$s"
        cp "$TMP/resp/check-$FILL_MODE-get-1@$s.b" "$TMP/nginx/www/$s.gz"
        BODY_MAP+="\"${GET_PATH[$s]}\" /$s; "
    done
    chmod 644 "$TMP/nginx/www/"*
    render "$HERE/nginx.conf" "$TMP/nginx/nginx.conf" PREFIX="$TMP/nginx" ORIGIN_PORT="$ORIGIN_PORT" CACHE_PORT="$NGINX_PORT" \
        CONTENT_TYPE="$CONTENT_TYPE" BODY_MAP="$BODY_MAP" WORKERS="$NGINX_WORKERS"
    nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" -t -q
    nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" >"$TMP/nginx/stdout.log" 2>&1 &
    NGINX_PID=$!
    NGINX="http://$HOST:$NGINX_PORT"
    wait_http "$NGINX${GET_PATH[${SIZES%% *}]}"
    for s in $SIZES; do
        nginx_hit "nginx-0@$s" "$NGINX" "$s" 0
        nginx_hit "nginx-1@$s" "$NGINX" "$s" 1
    done
    log "nginx up: proxy_cache :$NGINX_PORT (X-Cache-Status: HIT, identity and gzip, same bytes as the gateway, every size)"
fi
KONG_CHECK=""
if [ "$NEED_KONG" = 1 ]; then
    KONG_PORT=$(free_port)
    while [ "$KONG_PORT" = "$NGINX_PORT" ] || [ "$KONG_PORT" = "$ORIGIN_PORT" ]; do KONG_PORT=$(free_port); done
    mkdir -p "$TMP/kong/logs" "$TMP/kong/tmp"
    chmod 755 "$TMP/kong"
    render "$HERE/nginx-kong.conf" "$TMP/kong/nginx.conf" PREFIX="$TMP/kong" ORIGIN_PORT="$ORIGIN_PORT" KONG_PORT="$KONG_PORT" \
        CONTENT_TYPE="$CONTENT_TYPE" BENCH_KEY="$BENCH_KEY" REDIS_PORT="$REDIS_PORT" LUA_DIR="$HERE/scripts" WORKERS="$NGINX_WORKERS"
    nginx -p "$TMP/kong" -c "$TMP/kong/nginx.conf" -e "$TMP/kong/logs/error.log" -t -q
    nginx -p "$TMP/kong" -c "$TMP/kong/nginx.conf" -e "$TMP/kong/logs/error.log" >"$TMP/kong/stdout.log" 2>&1 &
    KONG_PID=$!
    KONG="http://$HOST:$KONG_PORT"
    for _ in $(seq 300); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$KONG/" || true)" = 401 ] && break
        sleep 0.1
    done
    for s in $SIZES; do
        nginx_hit "kong-0@$s" "$KONG" "$s" 0
        nginx_hit "kong-1@$s" "$KONG" "$s" 1
    done
    # It must really check the key and really count in Redis: 401 without a key or with a wrong one; N requests
    # add exactly N to the per-minute counters (one INCR and one EXPIRE each) and the counters expire within 60 s.
    s=${SIZES%% *}
    nokey=$(curl -s -o /dev/null -w '%{http_code}' "$KONG${GET_PATH[$s]}" || true)
    badkey=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${BENCH_KEY}x" "$KONG${GET_PATH[$s]}" || true)
    [ "$nokey" = 401 ] && [ "$badkey" = 401 ] || { echo "Kong-like: no key -> $nokey, wrong key -> $badkey (want 401)" >&2; exit 1; }
    counters() { rcli --scan --pattern 'ratelimit:bench-consumer:*' | while read -r k; do rcli GET "$k"; done | awk '{ s += $1 } END { print s + 0 }'; }
    cmdcalls() { rcli INFO commandstats | tr -d '\r' | sed -n "s/^cmdstat_$1:calls=\([0-9]*\),.*/\1/p" | awk '{ print $1 + 0 } END { if (!NR) print 0 }'; }
    c0=$(counters) i0=$(cmdcalls incr) e0=$(cmdcalls expire)
    for _ in $(seq 20); do ask kong-count "$KONG" get "$s" 0 >/dev/null; done
    c1=$(counters) i1=$(cmdcalls incr) e1=$(cmdcalls expire)
    ttls=$(rcli --scan --pattern 'ratelimit:bench-consumer:*' | while read -r k; do rcli TTL "$k"; done | paste -sd, -)
    [ $(( c1 - c0 )) = 20 ] && [ $(( i1 - i0 )) -ge 20 ] && [ $(( e1 - e0 )) -ge 20 ] \
        && awk -v t="$ttls" 'BEGIN { n = split(t, a, ","); for (i = 1; i <= n; i++) if (a[i] < 1 || a[i] > 60) exit 1; exit !(n > 0) }' \
        || { echo "Kong-like does not count in Redis: counters +$(( c1 - c0 )), INCR +$(( i1 - i0 )), EXPIRE +$(( e1 - e0 )) for 20 requests; TTLs $ttls" >&2; tail -20 "$TMP/kong/logs/error.log" >&2; exit 1; }
    KONG_CHECK="20 requests: counters +$(( c1 - c0 )), INCR +$(( i1 - i0 )), EXPIRE +$(( e1 - e0 )), counter TTLs ${ttls} s; no key and a wrong key: 401"
    log "Kong-like up: :$KONG_PORT (X-Cache-Status: HIT, same bytes; $KONG_CHECK)"
fi

# ---------------------------------------------------------------- the floors
if [ "$NEED_FLOOR" = 1 ]; then
    CC=$(command -v clang || command -v cc) || { echo "no C compiler for the floor (clang comes with the Swift toolchain)" >&2; exit 1; }
    "$CC" -O2 -Wall -o "$TMP/floor" "$HERE/floor/floor.c" "$HERE/floor/floor-redis.c"
    for s in $SIZES; do
        for v in $VARIANTS; do
            variant_info "$v"
            [ "$V_SERVER" = floor ] || continue
            # The gateway's own answer (the warming response, or its gzip hit): the floor reads it into memory.
            body="$TMP/resp/warm@$s.b"
            [ "$V_GZIP" = 0 ] || body="$TMP/resp/check-$FILL_MODE-get-1@$s.b"
            port=$(free_port)
            args=(sendfile)
            [[ $v != *-redis* ]] || args=(sendfile-redis "$REDIS_PORT" "$ROOT/redis/gcra-many.lua")
            "$TMP/floor" "$port" "$body" "${args[@]}" >"$TMP/floor-$v@$s.log" 2>&1 &
            FLOOR_PID[$v@$s]=$! FLOOR_PORT[$v@$s]=$port
            wait_http "http://$HOST:$port/" || { cat "$TMP/floor-$v@$s.log" >&2; exit 1; }
            ask "floor-$v@$s" "http://$HOST:$port" get "$s" "$V_GZIP" >/dev/null
            cmp -s "$TMP/resp/floor-$v@$s.b" "$body" || { echo "the floor $v@$s does not send the gateway's bytes" >&2; exit 1; }
        done
    done
    log "floors up: $(for f in "${!FLOOR_PORT[@]}"; do printf '%s :%s ' "$f" "${FLOOR_PORT[$f]}"; done)"
fi

# ---------------------------------------------------------------- Redis probe (sequential hits)
PROBES_FILE="$TMP/probes.jsonl"
: >"$PROBES_FILE"
PS=${SIZES%% *}
for m in $MODES; do
    for form in get post; do
        grep -qE "(^| )gateway($([ "$form" = post ] && echo '-post' || true))(-gzip)?$([ "$m" = leased ] && echo '-leased' || true)( |$)" <<<"$VARIANTS" || continue
        log "Redis probe: $PROBE_REQUESTS sequential $form hits under MONITOR, $m mode, $PS"
        args=(--gateway "$HOST:${GW_PORT[$m]}" --key "$BENCH_KEY" --redis "$HOST:$REDIS_PORT" --requests "$PROBE_REQUESTS")
        if [ "$form" = post ]; then args+=(--path "$POST_PATH" --body "${POST_BODY[$PS]}"); else args+=(--path "${GET_PATH[$PS]}"); fi
        out=$(python3 "$HERE/scripts/redis-probe.py" "${args[@]}") \
            || { echo "$out" >&2; gateway_failed "$m" "the Redis probe's hits failed" "$TMP/resp/check-$m-$form-0@$PS.h" "$TMP/resp/check-$m-$form-0@$PS.b" "$(describe_request "$form" "$PS")"; }
        log "probe $m $form: $out"
        python3 -c 'import json, sys; d = json.loads(sys.argv[1]); d.update(mode=sys.argv[2], form=sys.argv[3], size=sys.argv[4]); print(json.dumps(d))' \
            "$out" "$m" "$form" "$PS" >>"$PROBES_FILE"
    done
done

# ---------------------------------------------------------------- CPU split (SERVER_CPUS / CLIENT_CPUS)
# Every thread of every server process (Redis, the engine, both gateways, both nginx masters and their workers) is
# moved to SERVER_CPUS, and wrk runs on CLIENT_CPUS, so the load generator no longer takes CPU from what it measures.
PIN_LINE="none: servers and wrk share all $(nproc) CPUs"
WRK_PIN=()
if [ -n "$SERVER_CPUS$CLIENT_CPUS" ]; then
    [ -n "$SERVER_CPUS" ] && [ -n "$CLIENT_CPUS" ] || { echo "SERVER_CPUS and CLIENT_CPUS go together" >&2; exit 1; }
    command -v taskset >/dev/null || { echo "missing tool: taskset (apt-get install -y util-linux)" >&2; exit 1; }
    pinned=0
    for pid in "$REDIS_PID" "$ENGINE_PID" "${GW_PID[@]}" "${FLOOR_PID[@]}" ${NGINX_PID:-} ${KONG_PID:-}; do
        for p in "$pid" $(pgrep -P "$pid" || true); do
            taskset -a -p -c "$SERVER_CPUS" "$p" >/dev/null && pinned=$((pinned + 1))
        done
    done
    WRK_PIN=(taskset -c "$CLIENT_CPUS")
    PIN_LINE="servers (Redis, engine, gateways, floors, nginx and Kong-like with their workers: $pinned processes, all threads) on CPU $SERVER_CPUS; wrk on CPU $CLIENT_CPUS"
    log "CPU split: $PIN_LINE"
fi

# ---------------------------------------------------------------- wrk
declare -A URLS BODIES GZIP BYTES SERVER MODE_OF
for s in $SIZES; do
    for v in $VARIANTS; do
        variant_info "$v"
        c="$v@$s"
        GZIP[$c]=$V_GZIP SERVER[$c]=$V_SERVER MODE_OF[$c]=$V_MODE BODIES[$c]=""
        case $V_SERVER in
            nginx) URLS[$c]="$NGINX${GET_PATH[$s]}"; f="nginx-$V_GZIP@$s" ;;
            kong) URLS[$c]="$KONG${GET_PATH[$s]}"; f="kong-$V_GZIP@$s" ;;
            floor) URLS[$c]="http://$HOST:${FLOOR_PORT[$c]}${GET_PATH[$s]}"; f="floor-$c" ;;
            gateway)
                f="check-$V_MODE-$V_FORM-$V_GZIP@$s"
                if [ "$V_FORM" = post ]; then URLS[$c]="http://$HOST:${GW_PORT[$V_MODE]}$POST_PATH"; BODIES[$c]=${POST_BODY[$s]}
                else URLS[$c]="http://$HOST:${GW_PORT[$V_MODE]}${GET_PATH[$s]}"; fi ;;
        esac
        BYTES[$c]=$(( $(wc -c <"$TMP/resp/$f.h") + $(wc -c <"$TMP/resp/$f.b") ))
    done
done

run_wrk() {  # cell duration out
    TAGPULSE_BENCH_KEY="$BENCH_KEY" BENCH_GZIP="${GZIP[$1]}" BENCH_BODY="${BODIES[$1]}" BENCH_PAUSE_MS="$PAUSE_MS" timeout 300 \
        "${WRK_PIN[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$HERE/scripts/auth.lua" "${URLS[$1]}" >"$3"
}

# Redis INFO commandstats -> {"name": calls} without our own CONFIG / INFO
redis_calls_json() {
    rcli INFO commandstats | tr -d '\r' | sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p' | grep -vE '^(config|info)' \
        | awk 'BEGIN { printf "{" } { printf "%s\"%s\": %s", (NR > 1 ? ", " : ""), $1, $2 } END { printf "}" }'
}
redis_stat() { rcli INFO stats | tr -d '\r' | awk -F: -v k="$1" '$1 == k { print $2 }'; }
gw_mem() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/${GW_PID[$1]}/status" 2>/dev/null || echo 0; }

RUNS_FILE="$TMP/runs.jsonl"
: >"$RUNS_FILE"
declare -A TRIES
one_run() {  # cell run
    local c=$1 run=$2 out seen foreign compiler measured=0 calls="{}" outb=0 reads=0 hwm=0 rss=0 mode
    mode=${MODE_OF[$c]}
    case ${SERVER[$c]} in
        nginx) ;;
        floor) [[ $c != *-redis* ]] || measured=1 ;;
        *) measured=1 ;;
    esac
    while :; do
        wait_for_quiet "$QUIET_SECS_BETWEEN"
        out="$TMP/$c.run$run.txt"
        rm -f "$TMP/compiler-seen" "$TMP/split"
        if [ "$measured" = 1 ]; then
            rcli CONFIG RESETSTAT >/dev/null
            outb=$(redis_stat total_net_output_bytes) reads=$(redis_stat total_reads_processed)
        fi
        # CPU used by everything that is not ours (redis, engine, gateways, nginx, wrk), over the middle of the run
        # ... and where the machine's time went: idle, wrk (of one CPU: 100 = the load generator saturated), softirq.
        # Nothing is started during the run: the sampler is up before wrk (bench/lib/cpu-sampler.sh), and a compiler
        # is looked for before and after it (and by the sampler at both ends of its window).
        start_cpu_sampler $$ 1 "$FOREIGN_WINDOW" "$TMP/foreign" "$TMP/split"
        run_wrk "$c" "$DURATION" "$out"
        wait "$CPU_SAMPLER_PID" 2>/dev/null || true
        if [ "$measured" = 1 ]; then
            calls=$(redis_calls_json)
            outb=$(( $(redis_stat total_net_output_bytes) - outb ))
            reads=$(( $(redis_stat total_reads_processed) - reads ))
        fi
        if [ "${SERVER[$c]}" = gateway ]; then hwm=$(gw_mem "$mode" VmHWM) rss=$(gw_mem "$mode" VmRSS); fi
        read -r foreign compiler <"$TMP/foreign" 2>/dev/null || true
        foreign=${foreign:-0}
        { [ "${compiler:-0}" = 1 ] || compiler_running; } && touch "$TMP/compiler-seen"
        seen=0
        { [ -e "$TMP/compiler-seen" ] || [ "$foreign" -gt "$FOREIGN_MAX" ]; } && seen=1
        if [ "$seen" -eq 1 ] && [ "${TRIES[$c]:-0}" -lt "$RETRIES" ] && [ -z "$QUIET_GAVE_UP" ] && [ "$(slack)" -gt "$RUN_COST" ]; then
            TRIES[$c]=$(( ${TRIES[$c]:-0} + 1 ))
            log "$c run $run: disturbed (other processes ${foreign}% of the machine$([ -e "$TMP/compiler-seen" ] && echo ', a compiler ran' || true)), repeating it"
            continue
        fi
        break
    done
    RUNS_LEFT=$(( RUNS_LEFT - 1 ))
    python3 "$HERE/scripts/report.py" run --file "$out" --cell "$c" --run "$run" --foreign "$foreign" \
        --compiler "$([ -e "$TMP/compiler-seen" ] && echo 1 || echo 0)" --disturbed "$seen" \
        --calls "$calls" --measured "$measured" --out-bytes "$outb" --reads "$reads" --hwm-kb "$hwm" --rss-kb "$rss" \
        --split "$(cat "$TMP/split" 2>/dev/null || true)" \
        >>"$RUNS_FILE" || { cat "$out" >&2; echo "could not parse wrk output" >&2; exit 1; }   # logs a line too
}

log "waiting for a quiet machine (no compiler for ${QUIET_SECS}s; at most ${QUIET_MAX}s, less if MAX_TOTAL needs it)"
wait_for_quiet
MEASURE_START=$(date +%s)
for s in $SIZES; do
    for v in $VARIANTS; do
        log "$v@$s: warm-up $WARMUP"
        run_wrk "$v@$s" "$WARMUP" /dev/null
    done
done
for run in $(seq "$RUNS"); do
    for s in $SIZES; do
        for v in $VARIANTS; do
            one_run "$v@$s" "$run"
        done
    done
done
MEASURE_SECS=$(( $(date +%s) - MEASURE_START ))

# Every server must still be hitting after the runs.
for s in $SIZES; do
    for m in $MODES; do
        for form in get post; do
            status=$(ask "after-$m-$form@$s" "http://$HOST:${GW_PORT[$m]}" "$form" "$s" 0)
            cs=$(header "$TMP/resp/after-$m-$form@$s.h" Cache-Status)
            [[ $status == 200 && $cs == "TagPulse; hit"* ]] \
                || gateway_failed "$m" "after the runs ($form, $s): status $status, Cache-Status '$cs'" "$TMP/resp/after-$m-$form@$s.h" "$TMP/resp/after-$m-$form@$s.b" "$(describe_request "$form" "$s")"
        done
    done
    [ "$NEED_NGINX" = 0 ] || nginx_hit "nginx-after@$s" "$NGINX" "$s" 0
    [ "$NEED_KONG" = 0 ] || nginx_hit "kong-after@$s" "$KONG" "$s" 0
done

# ---------------------------------------------------------------- report
case "$GATEWAY_LOOPS" in
    "") LOOPS_SOURCE='the product default, one per core' ;;
    "$NGINX_WORKERS") LOOPS_SOURCE='as many as nginx has workers' ;;
    *) LOOPS_SOURCE=set ;;
esac
META="$TMP/meta.json"
{
    meta() { printf '%s\t%s\n' "$1" "$2"; }
    meta command "DURATION=$DURATION RUNS=$RUNS THREADS=$THREADS CONNECTIONS=$CONNECTIONS WARMUP=$WARMUP SIZES=\"$SIZES\"${PAUSE_MS:+ PAUSE_MS=$PAUSE_MS} bash bench/cache-hit/run.sh"
    meta pause "$PAUSE_MS"
    meta wrk "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/cache-hit/scripts/auth.lua"
    meta runs "$RUNS"
    meta connections "$CONNECTIONS"
    meta stamp "$(date -u '+%Y-%m-%d %H:%M UTC')"
    meta variants "$VARIANTS"
    meta sizes "$SIZES"
    meta modes "$MODES"
    meta content_type "$CONTENT_TYPE"
    meta post_path "$POST_PATH"
    meta probe_requests "$PROBE_REQUESTS"
    meta kong_check "$KONG_CHECK"
    meta key_kind "$KEY_KIND"
    meta knows_hot "$KNOWS_HOT"
    meta knows_mode "$KNOWS_MODE"
    for m in $MODES; do
        meta "env_$m" "$(xargs <<<"${GW_ENV[$m]}")"
        meta "hwm_final_$m" "$(gw_mem "$m" VmHWM)"
    done
    for s in $SIZES; do
        meta "get_$s" "${GET_PATH[$s]}"
        meta "post_$s" "${POST_BODY[$s]}"
        meta "body_$s" "${BODY_BYTES[$s]}"
        meta "gz_$s" "${GZ_BYTES[$s]}"
        meta "warm_$s" "${WARM_STATUS[$s]}"
        for v in $VARIANTS; do meta "bytes_$v@$s" "${BYTES[$v@$s]}"; done
    done
    QUIET_LINE="waited ${QUIET_WAITED}s in total for a quiet machine (no ${COMPILER_PATTERN} and ≤ ${QUIET_BUSY}% busy for ${QUIET_SECS}s before the first run, ${QUIET_SECS_BETWEEN}s before the others); a run counts as disturbed if a compiler ran or other processes took > ${FOREIGN_MAX}% of the machine"
    [ -z "$QUIET_GAVE_UP" ] || QUIET_LINE+="; GAVE UP waiting $QUIET_GAVE_UP and measured anyway (disturbed runs then kept, not repeated)"
    meta quiet "$QUIET_LINE"
    meta machine "\`$(uname -a)\`"
    meta cpu "nproc $(nproc); CPU: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    meta build "swift: $(swift --version 2>&1 | head -1); $BUILD_LINE; commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- Sources Package.swift redis || echo ' (with uncommitted changes)')"
    meta versions "$(nginx -v 2>&1); libnginx-mod-http-lua $(dpkg-query -W -f='${Version}' libnginx-mod-http-lua 2>/dev/null || echo '?'); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); redis-server $(redis-server --version | awk '{print $3}' | sed 's/v=//') (redis/redis.conf, private port)"
    meta pinning "$PIN_LINE"
    meta setup "nginx and the Kong-like nginx: $NGINX_WORKERS worker process(es) each (NGINX_WORKERS); gateways: ${GATEWAY_LOOPS:-$(nproc)} event loop(s) each (GATEWAY_LOOPS; $LOOPS_SOURCE, unless GATEWAY_ENV says otherwise), Redis pool 2 (default), log level warning, one process per mode, both on the same Redis and engine (the idle one's background commands are counted in the other's Redis figures; see the probe's idle rate); engine: defaults (offline corpus, local analyzer)"
    meta timing "measuring took ${MEASURE_SECS}s; whole script $(( $(date +%s) - SCRIPT_START ))s, of which $(elapsed)s after the build"
} >"$META"

mkdir -p "$HERE/results"
RESULT="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).md"
python3 "$HERE/scripts/report.py" report --meta "$META" --runs "$RUNS_FILE" --probes "$PROBES_FILE" >"$RESULT"
cat "$RESULT"
echo
echo "results: ${RESULT#"$ROOT"/}"
