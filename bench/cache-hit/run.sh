#!/usr/bin/env bash
# Cache-hit benchmark of the real gateway (issue #6, item 10): the one command.
#
#   bash bench/cache-hit/run.sh
#
# Builds this package in release mode (scratch path bench/cache-hit/.build), starts a private redis-server
# (redis/redis.conf, free port), the engine (offline corpus, local analyzer) and the gateway (bootstrap key in a tier
# with a huge requests limit), warms one cache entry with one request and requires the next answer to be
# `Cache-Status: TagPulse; hit…`. Starts nginx (1 worker) with proxy_cache in front of a static upstream that serves
# the exact body bytes the gateway returned, and requires `X-Cache-Status: HIT`. Then runs
# `wrk -t1 -c32 -d10s --latency` RUNS times per variant, interleaved, on the same URL with the same Authorization
# header, and keeps the median req/s, p50 and p99. Before each gateway run it resets Redis's stats
# (`CONFIG RESETSTAT`) and after it divides the `INFO commandstats` calls by the requests wrk reports. A short probe
# (scripts/redis-probe.py) shows the commands of one hit, in the script and outside, and how they reach Redis.
# Prints one markdown table and writes it, with the machine details, to bench/cache-hit/results/<timestamp>.md.
#
# Variants (VARIANTS, in run order):
#   nginx         nginx proxy_cache HIT, identity body (the reference)
#   gateway       tagpulse-gateway cache hit, identity body (the gateway gunzips the stored entry)
#   gateway-gzip  the same with Accept-Encoding: gzip (the gateway sends the stored gzip bytes as they are)
#   nginx-gzip    nginx proxy_cache HIT of the same gzip bytes (Accept-Encoding: gzip, gzip_static upstream)
#
# Environment (defaults in brackets):
#   DURATION [10s]  RUNS [3]  THREADS [1]  CONNECTIONS [32]  WARMUP [3s]
#   VARIANTS ["nginx gateway gateway-gzip nginx-gzip"]
#   URL_PATH ["/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=5"]
#   BIN_DIR [unset]   use the tagpulse-engine / tagpulse-gateway release binaries in this directory instead of
#                     building (e.g. BIN_DIR=.build/release after `swift build -c release`)
#   QUIET_SECS [20]   before the first run, no compiler (swift-build|swift-frontend|swiftc) and at most
#                     QUIET_BUSY [25] % of the machine busy, for this many seconds in a row;
#   QUIET_SECS_BETWEEN [3]  the same before every later run
#   QUIET_MAX [600]   give up waiting for quiet after this many seconds in total, or earlier when the rest of the
#                     run would no longer fit in MAX_TOTAL (then measure anyway; the results say so)
#   FOREIGN_MAX [10]  a run is "disturbed" if a compiler appeared or other processes used more than this % of the
#                     machine during it (bench/http-layer/scripts/cpu-load.py); a disturbed run is repeated, at most
#   RETRIES [2]       this many times per variant, and only while time is left
#   PROBE_REQUESTS [500]  sequential hits of the Redis probe
#   BUILD_TIMEOUT [1200]  MAX_TOTAL [1500]  seconds; the whole script is stopped after MAX_TOTAL (25 min)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CPU_LOAD="$ROOT/bench/http-layer/scripts/cpu-load.py"   # shared with the HTTP-layer benchmark
DURATION=${DURATION:-10s}
RUNS=${RUNS:-3}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-3s}
VARIANTS=${VARIANTS:-"nginx gateway gateway-gzip nginx-gzip"}
URL_PATH=${URL_PATH:-"/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=5"}
BIN_DIR=${BIN_DIR:-}
QUIET_SECS=${QUIET_SECS:-20}
QUIET_SECS_BETWEEN=${QUIET_SECS_BETWEEN:-3}
QUIET_MAX=${QUIET_MAX:-600}
QUIET_BUSY=${QUIET_BUSY:-25}
FOREIGN_MAX=${FOREIGN_MAX:-10}
RETRIES=${RETRIES:-2}
PROBE_REQUESTS=${PROBE_REQUESTS:-500}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-1200}
MAX_TOTAL=${MAX_TOTAL:-1500}
HOST=127.0.0.1   # loopback only, never anything else
COMPILER_PATTERN='swift-build|swift-frontend|swiftc'

cd "$ROOT"
# log, free_port, start_redis (redis/redis.conf, private port and dir), stop_pid: as scripts/run starts the stack
source "$ROOT/scripts/lib/common.sh"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

START_EPOCH=$(date +%s)
TMP=$(mktemp -d /tmp/cache-hit-bench.XXXXXX)
chmod 755 "$TMP"   # nginx workers (user nobody) read www/ and write cache/ below it
REDIS_PID="" ENGINE_PID="" GATEWAY_PID="" NGINX_PID="" WATCHDOG=""

cleanup() {
    trap - EXIT
    stop_pid "$NGINX_PID"
    stop_pid "$GATEWAY_PID"
    stop_pid "$ENGINE_PID"
    stop_pid "$REDIS_PID"
    [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Whole-run time bound: SIGTERM ourselves (the trap above then stops everything).
# shellcheck source=../lib/watchdog.sh
source "$HERE/../lib/watchdog.sh"
start_watchdog "$MAX_TOTAL"

for tool in wrk nginx curl python3 swift timeout redis-server redis-cli gzip; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y nginx-light wrk curl redis-server)" >&2; exit 1; }
done

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

DURATION_S=$(awk -v d="$DURATION" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print int(n) }')
WARMUP_S=$(awk -v d="$WARMUP" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; print int(n + 0.999) }')
FOREIGN_WINDOW=$(( DURATION_S > 4 ? DURATION_S - 2 : 1 ))
NVARIANTS=$(wc -w <<<"$VARIANTS")
RUN_COST=$(( DURATION_S + QUIET_SECS_BETWEEN + 3 ))   # one wrk run with its quiet check, in seconds
RUNS_LEFT=$(( RUNS * NVARIANTS ))
# Seconds that can still go to waiting for quiet or repeating runs: what is left of MAX_TOTAL after the runs still
# to do, their warm-ups and the report.
slack() { echo $(( MAX_TOTAL - $(elapsed) - RUNS_LEFT * RUN_COST - NVARIANTS * WARMUP_S - 30 )); }

# ---------------------------------------------------------------- quiet machine
QUIET_WAITED=0      # seconds spent waiting in total
QUIET_GAVE_UP=""    # why, when it did
compiler_running() { pgrep -f "$COMPILER_PATTERN" 2>/dev/null | grep -vqx "$$"; }
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

# ---------------------------------------------------------------- stack
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

# Prints what the gateway answered and its log, then stops: a gateway that does not serve hits is reported, not
# worked around.
gateway_failed() {  # what headers-file body-file
    {
        echo
        echo "GATEWAY DID NOT SERVE A CACHE HIT: $1"
        echo "--- request: GET $URL_PATH (Authorization: Bearer <bench key>${4:+, $4})"
        echo "--- response head:"
        tr -d '\r' <"$2"
        echo "--- body (first 800 bytes):"
        head -c 800 "$3" | cat -v
        echo
        echo "--- gateway log (last 40 lines):"
        tail -40 "$TMP/gateway.log" || true
        echo "--- engine log (last 20 lines):"
        tail -20 "$TMP/engine.log" || true
    } >&2
    exit 1
}

REDIS_PORT=$(free_port)
start_redis "$REDIS_PORT" "$TMP/redis"
log "redis-server $(redis-server --version | awk '{print $3}' | sed 's/v=//') on $HOST:$REDIS_PORT (redis/redis.conf)"
rcli() { redis-cli -h "$HOST" -p "$REDIS_PORT" "$@"; }

# Only what is set here reaches the engine and the gateway (no inherited TAGPULSE_*, RapidAPI or OpenAI keys).
ENGINE_SOCKET="$TMP/engine/engine.sock"
BENCH_KEY="tp_bench_cachehit_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
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

GATEWAY_PORT=$(free_port)
env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 \
    TAGPULSE_HTTP_HOST="$HOST" TAGPULSE_HTTP_PORT="$GATEWAY_PORT" \
    TAGPULSE_ENGINE_SOCKET="$ENGINE_SOCKET" \
    TAGPULSE_REDIS_URL="redis://$HOST:$REDIS_PORT/0" \
    TAGPULSE_BOOTSTRAP_KEY="$BENCH_KEY" \
    TAGPULSE_AUTH_BOOTSTRAP_TIER=internal \
    TAGPULSE_RATELIMIT_TIER_INTERNAL_REQUESTS=100000000/min \
    TAGPULSE_LOG_LEVEL=warning TAGPULSE_LOG_FORMAT=text \
    "$BIN/tagpulse-gateway" >"$TMP/gateway.log" 2>&1 &
GATEWAY_PID=$!
GATEWAY="http://$HOST:$GATEWAY_PORT"
wait_http "$GATEWAY/readyz" || { tail -40 "$TMP/gateway.log" >&2; exit 1; }
log "engine and gateway up: gateway :$GATEWAY_PORT"

# ---------------------------------------------------------------- warm one entry, require hits
gw_get() {  # name [extra header]: GET URL_PATH with the key into $TMP/name.{h,b}; prints the status
    curl -s -D "$TMP/$1.h" -o "$TMP/$1.b" -w '%{http_code}' --max-time 60 \
        -H "Authorization: Bearer $BENCH_KEY" ${2:+-H "$2"} "$GATEWAY$URL_PATH" || true
}
status=$(gw_get warm)
[ "$status" = 200 ] || gateway_failed "warming request answered $status" "$TMP/warm.h" "$TMP/warm.b"
log "warmed: Cache-Status: $(header "$TMP/warm.h" Cache-Status)"
status=$(gw_get hit)
CACHE_STATUS=$(header "$TMP/hit.h" Cache-Status)
[ "$status" = 200 ] || gateway_failed "status $status after warming" "$TMP/hit.h" "$TMP/hit.b"
[[ $CACHE_STATUS == "TagPulse; hit"* ]] || gateway_failed "Cache-Status: '$CACHE_STATUS' after warming" "$TMP/hit.h" "$TMP/hit.b"
[ -z "$(header "$TMP/hit.h" Content-Encoding)" ] || gateway_failed "identity request answered with Content-Encoding" "$TMP/hit.h" "$TMP/hit.b"
cmp -s "$TMP/warm.b" "$TMP/hit.b" || gateway_failed "the hit's body differs from the warming response's" "$TMP/hit.h" "$TMP/hit.b"
CONTENT_TYPE=$(header "$TMP/hit.h" Content-Type)
BODY_BYTES=$(wc -c <"$TMP/hit.b")
status=$(gw_get hitgz "Accept-Encoding: gzip")
GZ_STATUS=$(header "$TMP/hitgz.h" Cache-Status)
[ "$status" = 200 ] && [[ $GZ_STATUS == "TagPulse; hit"* ]] \
    || gateway_failed "gzip request: status $status, Cache-Status '$GZ_STATUS'" "$TMP/hitgz.h" "$TMP/hitgz.b" "Accept-Encoding: gzip"
[ "$(header "$TMP/hitgz.h" Content-Encoding)" = gzip ] \
    || gateway_failed "gzip request answered without Content-Encoding: gzip" "$TMP/hitgz.h" "$TMP/hitgz.b" "Accept-Encoding: gzip"
gzip -dc <"$TMP/hitgz.b" | cmp -s - "$TMP/hit.b" \
    || gateway_failed "the gzip body does not decompress to the identity body" "$TMP/hitgz.h" "$TMP/hitgz.b" "Accept-Encoding: gzip"
GZ_BYTES=$(wc -c <"$TMP/hitgz.b")
log "gateway hits: $BODY_BYTES-byte body ($CONTENT_TYPE), $GZ_BYTES bytes gzip; Cache-Status: $CACHE_STATUS"

# ---------------------------------------------------------------- nginx
NGINX_PORT=$(free_port)
ORIGIN_PORT=$(free_port)
while [ "$ORIGIN_PORT" = "$NGINX_PORT" ]; do ORIGIN_PORT=$(free_port); done
mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp" "$TMP/nginx/www"
chmod 755 "$TMP/nginx" "$TMP/nginx/www"
cp "$TMP/hit.b" "$TMP/nginx/www/body"
cp "$TMP/hitgz.b" "$TMP/nginx/www/body.gz"
chmod 644 "$TMP/nginx/www/body" "$TMP/nginx/www/body.gz"
sed -e "s|@PREFIX@|$TMP/nginx|g" -e "s|@ORIGIN_PORT@|$ORIGIN_PORT|g" -e "s|@CACHE_PORT@|$NGINX_PORT|g" \
    -e "s|@CONTENT_TYPE@|$CONTENT_TYPE|g" "$HERE/nginx.conf" >"$TMP/nginx/nginx.conf"
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" -t -q
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" >"$TMP/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
NGINX="http://$HOST:$NGINX_PORT"
wait_http "$NGINX$URL_PATH"
nginx_hit() {  # name [extra header]: requires X-Cache-Status: HIT and the gateway's bytes
    local status="" i
    for i in 1 2 3 4 5; do
        curl -s -D "$TMP/$1.h" -o "$TMP/$1.b" --max-time 2 -H "Authorization: Bearer $BENCH_KEY" ${2:+-H "$2"} "$NGINX$URL_PATH"
        status=$(header "$TMP/$1.h" X-Cache-Status)
        [ "$status" = HIT ] && break
        sleep 0.2
    done
    [ "$status" = HIT ] || { echo "nginx proxy_cache is not serving HITs for $1 (X-Cache-Status: $status)" >&2; exit 1; }
}
nginx_hit nginx
nginx_hit nginxgz "Accept-Encoding: gzip"
cmp -s "$TMP/nginx.b" "$TMP/hit.b" || { echo "nginx's body differs from the gateway's" >&2; exit 1; }
cmp -s "$TMP/nginxgz.b" "$TMP/hitgz.b" && [ "$(header "$TMP/nginxgz.h" Content-Encoding)" = gzip ] \
    || { echo "nginx's gzip answer differs from the gateway's" >&2; exit 1; }
log "nginx up: proxy_cache :$NGINX_PORT (X-Cache-Status: HIT, identity and gzip, same bytes as the gateway)"

declare -A URLS GZIP BYTES
for v in $VARIANTS; do
    case $v in
        nginx) URLS[$v]="$NGINX$URL_PATH"; GZIP[$v]=0; BYTES[$v]=$(( $(wc -c <"$TMP/nginx.h") + $(wc -c <"$TMP/nginx.b") )) ;;
        nginx-gzip) URLS[$v]="$NGINX$URL_PATH"; GZIP[$v]=1; BYTES[$v]=$(( $(wc -c <"$TMP/nginxgz.h") + $(wc -c <"$TMP/nginxgz.b") )) ;;
        gateway) URLS[$v]="$GATEWAY$URL_PATH"; GZIP[$v]=0; BYTES[$v]=$(( $(wc -c <"$TMP/hit.h") + $(wc -c <"$TMP/hit.b") )) ;;
        gateway-gzip) URLS[$v]="$GATEWAY$URL_PATH"; GZIP[$v]=1; BYTES[$v]=$(( $(wc -c <"$TMP/hitgz.h") + $(wc -c <"$TMP/hitgz.b") )) ;;
        *) echo "unknown variant $v" >&2; exit 1 ;;
    esac
done

# ---------------------------------------------------------------- Redis probe (sequential hits)
log "Redis probe: $PROBE_REQUESTS sequential hits under MONITOR"
PROBE=$(python3 "$HERE/scripts/redis-probe.py" --gateway "$HOST:$GATEWAY_PORT" --path "$URL_PATH" --key "$BENCH_KEY" \
    --redis "$HOST:$REDIS_PORT" --requests "$PROBE_REQUESTS") \
    || { echo "$PROBE" >&2; gateway_failed "the Redis probe's hits failed" "$TMP/hit.h" "$TMP/hit.b"; }
log "probe: $PROBE"
probe() { python3 -c 'import json,sys; print(eval(sys.argv[2], json.loads(sys.argv[1])))' "$PROBE" "$1"; }

# ---------------------------------------------------------------- wrk
to_ms() {  # "215.00us" | "1.23ms" | "1.01s" -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}
median() { sort -g | awk '{a[NR]=$1} END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'; }

run_wrk() {  # variant duration out
    TAGPULSE_BENCH_KEY="$BENCH_KEY" BENCH_GZIP="${GZIP[$1]}" timeout 300 \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$HERE/scripts/auth.lua" "${URLS[$1]}" >"$3"
}

# Redis INFO commandstats -> "name calls" lines, without our own CONFIG RESETSTAT / INFO
redis_calls() { rcli INFO commandstats | tr -d '\r' | sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p' | grep -vE '^(config|info)' || true; }
redis_stat() { rcli INFO stats | tr -d '\r' | awk -F: -v k="$1" '$1 == k { print $2 }'; }

RAW_ROWS="" REDIS_ROWS=""
declare -A L_RPS L_P50 L_P99 L_CMDS L_READS L_EVALSHA DIRTY MAXFOREIGN TRIES NON2XX
one_run() {  # variant run
    local name=$1 run=$2 out seen errors rps p50 p99 watcher sampler foreign requests calls total breakdown reads
    while :; do
        wait_for_quiet "$QUIET_SECS_BETWEEN"
        out="$TMP/$name.run$run.txt"
        rm -f "$TMP/compiler-seen"
        ( while :; do compiler_running && touch "$TMP/compiler-seen"; sleep 1; done ) &
        watcher=$!
        # CPU used by everything that is not ours (redis, engine, gateway, nginx, wrk), over the middle of the run
        ( sleep 1; python3 "$CPU_LOAD" foreign $$ "$FOREIGN_WINDOW" >"$TMP/foreign" ) &
        sampler=$!
        [[ $name != gateway* ]] || { rcli CONFIG RESETSTAT >/dev/null; reads=$(redis_stat total_reads_processed); }
        run_wrk "$name" "$DURATION" "$out"
        if [[ $name == gateway* ]]; then
            calls=$(redis_calls)
            reads=$(( $(redis_stat total_reads_processed) - reads ))
        fi
        wait "$sampler" 2>/dev/null || true
        kill "$watcher" 2>/dev/null || true
        wait "$watcher" 2>/dev/null || true
        foreign=$(cat "$TMP/foreign" 2>/dev/null || true)
        foreign=${foreign:-0}
        seen=0
        { [ -e "$TMP/compiler-seen" ] || [ "$foreign" -gt "$FOREIGN_MAX" ]; } && seen=1
        if [ "$seen" -eq 1 ] && [ "${TRIES[$name]:-0}" -lt "$RETRIES" ] && [ -z "$QUIET_GAVE_UP" ] && [ "$(slack)" -gt "$RUN_COST" ]; then
            TRIES[$name]=$(( ${TRIES[$name]:-0} + 1 ))
            log "$name run $run: disturbed (other processes ${foreign}% of the machine$([ -e "$TMP/compiler-seen" ] && echo ', a compiler ran' || true)), repeating it"
            continue
        fi
        break
    done
    RUNS_LEFT=$(( RUNS_LEFT - 1 ))
    [ "$seen" -eq 0 ] || DIRTY[$name]=$(( ${DIRTY[$name]:-0} + 1 ))
    [ "$foreign" -le "${MAXFOREIGN[$name]:-0}" ] || MAXFOREIGN[$name]=$foreign
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    requests=$(awk '/requests in/ {print $1}' "$out")
    p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$out")")
    p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$out")")
    errors=$(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | paste -sd ';' - || true)
    [ -n "$rps" ] && [ -n "$requests" ] || { cat "$out" >&2; echo "could not parse wrk output" >&2; exit 1; }
    if grep -q 'Non-2xx' "$out"; then NON2XX[$name]=$(( ${NON2XX[$name]:-0} + $(awk '/Non-2xx/ {print $NF}' "$out") )); fi
    L_RPS[$name]+="$rps"$'\n'; L_P50[$name]+="$p50"$'\n'; L_P99[$name]+="$p99"$'\n'
    local redis_note=""
    if [[ $name == gateway* ]]; then
        total=$(awk '{ s += $2 } END { print s + 0 }' <<<"$calls")
        L_CMDS[$name]+="$(awk -v c="$total" -v r="$requests" 'BEGIN { printf "%.3f", c / r }')"$'\n'
        L_READS[$name]+="$(awk -v c="$reads" -v r="$requests" 'BEGIN { printf "%.3f", c / r }')"$'\n'
        L_EVALSHA[$name]+="$(awk -v r="$requests" '$1 == "evalsha" { printf "%.3f", $2 / r; f = 1 } END { if (!f) printf "0" }' <<<"$calls")"$'\n'
        breakdown=$(sort -k2,2nr <<<"$calls" | awk -v r="$requests" '{ printf "%s%s %.3f", (NR > 1 ? ", " : ""), $1, $2 / r }')
        REDIS_ROWS+="| $name | $run | $requests | $total | $(awk -v c="$total" -v r="$requests" 'BEGIN { printf "%.3f", c / r }') | $(awk -v c="$reads" -v r="$requests" 'BEGIN { printf "%.3f", c / r }') | $breakdown |"$'\n'
        redis_note=", Redis $(awk -v c="$total" -v r="$requests" 'BEGIN { printf "%.2f", c / r }') commands/hit"
    fi
    log "$name run $run: ${rps} req/s, p50 ${p50} ms, p99 ${p99} ms, other load ${foreign}%${redis_note}${errors:+ ($errors)}"
    RAW_ROWS+="| $name | $run | $rps | $p50 | $p99 | $requests | ${foreign}% | $([ -e "$TMP/compiler-seen" ] && echo 'compiler ran' || true) ${errors:-} |"$'\n'
}

log "waiting for a quiet machine (no compiler for ${QUIET_SECS}s; at most ${QUIET_MAX}s, less if MAX_TOTAL needs it)"
wait_for_quiet
MEASURE_START=$(date +%s)
for v in $VARIANTS; do
    log "$v: warm-up $WARMUP"
    run_wrk "$v" "$WARMUP" /dev/null
done
for run in $(seq "$RUNS"); do
    for v in $VARIANTS; do
        one_run "$v" "$run"
    done
done
MEASURE_SECS=$(( $(date +%s) - MEASURE_START ))

# Both caches must still be hitting after the runs.
status=$(gw_get after)
[[ $status == 200 && $(header "$TMP/after.h" Cache-Status) == "TagPulse; hit"* ]] \
    || gateway_failed "after the runs: status $status, Cache-Status '$(header "$TMP/after.h" Cache-Status)'" "$TMP/after.h" "$TMP/after.b"
nginx_hit nginx-after
GATEWAY_RSS_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$GATEWAY_PID/status" 2>/dev/null || echo "?")

# ---------------------------------------------------------------- report
declare -A R_RPS R_P50 R_P99 R_CMDS R_READS R_EVALSHA R_NOTE
for v in $VARIANTS; do
    R_RPS[$v]=$(printf '%s' "${L_RPS[$v]}" | median)
    R_P50[$v]=$(printf '%s' "${L_P50[$v]}" | median)
    R_P99[$v]=$(printf '%s' "${L_P99[$v]}" | median)
    R_CMDS[$v]=$(printf '%s' "${L_CMDS[$v]:-}" | median)
    R_READS[$v]=$(printf '%s' "${L_READS[$v]:-}" | median)
    R_EVALSHA[$v]=$(printf '%s' "${L_EVALSHA[$v]:-}" | median)
    R_NOTE[$v]=""
    [ "${DIRTY[$v]:-0}" -eq 0 ] || R_NOTE[$v]="${DIRTY[$v]}/$RUNS runs disturbed (other load up to ${MAXFOREIGN[$v]}%)"
    [ "${NON2XX[$v]:-0}" -eq 0 ] || R_NOTE[$v]+="${R_NOTE[$v]:+; }${NON2XX[$v]} non-2xx responses"
    # fewer EVALSHAs than requests: some rate-limit decisions were taken by the degraded mode, not by Redis
    [[ $v != gateway* ]] || awk -v e="${R_EVALSHA[$v]}" 'BEGIN { exit !(e >= 0.99) }' \
        || R_NOTE[$v]+="${R_NOTE[$v]:+; }only ${R_EVALSHA[$v]} EVALSHA per request: degraded decisions"
done
ratio() {  # value reference
    if [ -n "${2:-}" ] && [ "${2:-}" != nan ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo "n/a"; fi
}
describe() {
    case $1 in
        nginx) echo "nginx 1 worker, proxy_cache HIT, identity" ;;
        nginx-gzip) echo "nginx 1 worker, proxy_cache HIT, gzip bytes" ;;
        gateway) echo "tagpulse-gateway cache hit, identity" ;;
        gateway-gzip) echo "tagpulse-gateway cache hit, Accept-Encoding: gzip" ;;
    esac
}
NG=${R_RPS[nginx]:-}
same_ref() { if [ "${GZIP[$1]}" = 1 ]; then echo nginx-gzip; else echo nginx; fi; }
TABLE="| variant | req/s | p50 ms | p99 ms | req/s × nginx identity | req/s × nginx, same encoding | p99 × nginx, same encoding | bytes/response | Redis commands/hit | note |"$'\n'
TABLE+="|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"$'\n'
for v in $VARIANTS; do
    cmds="—" ref=$(same_ref "$v")
    [[ $v != gateway* ]] || cmds=$(printf '%.2f' "${R_CMDS[$v]}")
    TABLE+="| $v — $(describe "$v") | $(printf '%.0f' "${R_RPS[$v]}") | ${R_P50[$v]} | ${R_P99[$v]} |"
    TABLE+=" $(ratio "${R_RPS[$v]}" "$NG") | $(ratio "${R_RPS[$v]}" "${R_RPS[$ref]:-}") | $(ratio "${R_P99[$v]}" "${R_P99[$ref]:-}") |"
    TABLE+=" ${BYTES[$v]} | $cmds | ${R_NOTE[$v]} |"$'\n'
done

# Targets (TARGETS.md): P1 exact mode ≥ 1.0× the Kong-like reference (≈ 0.5× nginx proxy_cache HIT; not run here),
# P2 p99 ≤ 2 ms and ≤ 3× nginx, P3 one Redis round trip per hit.
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "not met"; fi; }
TARGETS=""
if [ -n "${R_RPS[gateway]:-}" ] && [ -n "$NG" ]; then
    g=${R_RPS[gateway]} p=${R_P99[gateway]} np=${R_P99[nginx]}
    TARGETS+="- P1 (exact mode ≥ 1.0× Kong-like ≈ 0.5× nginx proxy_cache HIT; the Kong-like reference is not run here): gateway $(printf '%.0f' "$g") req/s = $(ratio "$g" "$NG")× nginx — $(verdict "$g >= 0.5 * $NG") against 0.5× nginx"$'\n'
    TARGETS+="- P2 (p99 ≤ 2 ms and ≤ 3× nginx): gateway p99 $p ms = $(ratio "$p" "$np")× nginx's $np ms — ≤ 2 ms $(verdict "$p <= 2"), ≤ 3× nginx $(verdict "$p <= 3 * $np")"$'\n'
fi
SENT=$(probe 'commands_per_hit') INSIDE=$(probe 'lua_per_hit') PREADS=$(probe 'reads_per_hit')
SAME_PCT=$(probe 'round(same_connection * 100)') GAP=$(probe 'send_gap_us_p50') GAP90=$(probe 'send_gap_us_p90') HIT_US=$(probe 'hit_interval_us_p50')
if awk -v s="$SAME_PCT" -v r="$PREADS" 'BEGIN { exit !(s >= 99 && r <= 1.05) }'; then
    P3_SEEN="charge and lookup in one write on one connection: one round trip — met"
else
    P3_SEEN="charge and lookup on different connections in $(( 100 - SAME_PCT ))% of hits: two writes and two replies to await, not one pipeline; Redis received a hit's two ${GAP} µs apart at the median (p90 ${GAP90} µs; one whole sequential hit: ${HIT_US} µs)"
fi
TARGETS+="- P3 (1 Redis round trip per hit in exact mode): designed as the requests-charge EVALSHA and the cache lookup pipeline sent together. Measured with one client sending $PROBE_REQUESTS hits in sequence: ${PREADS} Redis socket reads per hit; $P3_SEEN"$'\n'

REDIS_SECTION="Redis per hit, under load (\`CONFIG RESETSTAT\` before each measured gateway run, \`INFO commandstats\` calls after it ÷ the requests wrk reports; commandstats counts the commands a script runs too):"$'\n\n'
REDIS_SECTION+="| variant | commands/hit | EVALSHA/hit | socket reads/hit |"$'\n'"|---|---:|---:|---:|"$'\n'
for v in $VARIANTS; do
    [[ $v == gateway* ]] || continue
    REDIS_SECTION+="| $v | ${R_CMDS[$v]} | ${R_EVALSHA[$v]} | ${R_READS[$v]} |"$'\n'
done
REDIS_SECTION+=$'\n'"One client, $PROBE_REQUESTS hits in sequence under MONITOR (scripts/redis-probe.py): per hit the gateway sends"
REDIS_SECTION+=" $SENT commands ($(probe '", ".join(f"{k} {v:g}" for k, v in commands.items())')), and the scripts run $INSIDE more"
REDIS_SECTION+=" ($(probe '", ".join(f"{k} {v:g}" for k, v in lua.items())')); Redis did $PREADS socket reads per hit;"
REDIS_SECTION+=" the EVALSHA and the lookup GET came on the same connection in ${SAME_PCT}% of hits, ${GAP} µs apart at the median"
REDIS_SECTION+=" ($(probe 'connections') gateway connections seen). With no traffic the gateway sends $(probe 'idle_commands_per_s') commands/s (heartbeat, background)."$'\n'

QUIET_LINE="waited ${QUIET_WAITED}s in total for a quiet machine (no ${COMPILER_PATTERN} and ≤ ${QUIET_BUSY}% busy for ${QUIET_SECS}s before the first run, ${QUIET_SECS_BETWEEN}s before the others); a run counts as disturbed if a compiler ran or other processes took > ${FOREIGN_MAX}% of the machine"
[ -z "$QUIET_GAVE_UP" ] || QUIET_LINE+="; GAVE UP waiting $QUIET_GAVE_UP and measured anyway (disturbed runs then kept, not repeated)"

mkdir -p "$HERE/results"
RESULT="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "# Cache-hit benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Command: \`DURATION=$DURATION RUNS=$RUNS THREADS=$THREADS CONNECTIONS=$CONNECTIONS bash bench/cache-hit/run.sh\`"
    echo "(each variant: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/cache-hit/scripts/auth.lua\`, $RUNS runs after a $WARMUP"
    echo "warm-up, interleaved; medians of req/s, p50 and p99 taken separately; loopback)."
    echo "URL: \`GET $URL_PATH\` with \`Authorization: Bearer <bootstrap key>\` (tier \`internal\`, requests \`100000000/min\`);"
    echo "body: $BODY_BYTES bytes \`$CONTENT_TYPE\` identity, $GZ_BYTES bytes gzip (the gateway's stored entry); nginx serves the same bytes."
    echo "Gateway answer: \`Cache-Status: $CACHE_STATUS\`."
    echo
    echo "$TABLE"
    echo "$TARGETS"
    echo "$REDIS_SECTION"
    echo "- machine: \`$(uname -a)\`"
    echo "- nproc: $(nproc); CPU: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- swift: $(swift --version 2>&1 | head -1); $BUILD_LINE; commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- Sources Package.swift redis || echo ' (with uncommitted changes)')"
    echo "- $(nginx -v 2>&1); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); redis-server $(redis-server --version | awk '{print $3}' | sed 's/v=//') (redis/redis.conf, private port)"
    echo "- gateway: $(nproc) event loops (NIO singleton group, one per core; default), Redis pool 2 (default), log level warning; engine: defaults (offline corpus, local analyzer); gateway peak RSS ${GATEWAY_RSS_KB} kB"
    echo "- $QUIET_LINE; measuring took ${MEASURE_SECS}s; whole script $(elapsed)s"
    echo
    echo "<details><summary>every run</summary>"
    echo
    echo "| variant | run | req/s | p50 ms | p99 ms | requests | other load | notes |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    printf '%s' "$RAW_ROWS"
    echo
    echo "| variant | run | requests | Redis calls | calls/hit | socket reads/hit | calls/hit by command |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    printf '%s' "$REDIS_ROWS"
    echo
    echo "Probe: \`$PROBE\`"
    echo
    echo "</details>"
} >"$RESULT"

echo
echo "$TABLE"
echo "$TARGETS"
echo "$REDIS_SECTION"
echo "$QUIET_LINE"
echo "results: ${RESULT#"$ROOT"/}"
