#!/usr/bin/env bash
# HTTP-layer benchmark for the cache-hit path (issue #2, item 10): the one command.
#
#   bash bench/http-layer/run.sh
#
# Builds bench/http-layer in release mode, starts every server on a free 127.0.0.1 port, checks its body, warms
# it, then runs `wrk -t1 -c32 -d10s --latency` RUNS times per server, interleaved (run k of every server before
# run k+1), and keeps the median req/s, p50 and p99. Prints one markdown table and writes it, with the machine
# details, to bench/http-layer/results/<timestamp>.md.
#
# Environment (defaults in brackets):
#   DURATION [10s]  RUNS [3]  THREADS [1]  CONNECTIONS [32]  WARMUP [3s]
#   SERVERS ["nginx-static nginx-cache nio-raw hb-route hb-eventloop hb-eventloop-after-state hb-eventloop-1loop"]
#   QUIET_SECS [20]   before the first run, no compiler (swift-build|swift-frontend|swiftc) and at most
#                     QUIET_BUSY [25] % of the machine busy, for this many seconds in a row;
#   QUIET_SECS_BETWEEN [3]  the same before every later run
#   QUIET_MAX [1500]  give up waiting for quiet after this many seconds in total (then measure anyway, noted)
#   FOREIGN_MAX [10]  a run is "disturbed" if a compiler appeared or other processes used more than this % of
#                     the machine during it (scripts/cpu-load.py); a disturbed run is repeated, at most
#   RETRIES [3]       this many times per server
#   BUILD_TIMEOUT [2400]  MAX_TOTAL [5400]  seconds; the whole script is killed after MAX_TOTAL
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DURATION=${DURATION:-10s}
RUNS=${RUNS:-3}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-3s}
SERVERS=${SERVERS:-"nginx-static nginx-cache nio-raw hb-route hb-eventloop hb-eventloop-after-state hb-eventloop-1loop"}
QUIET_SECS=${QUIET_SECS:-20}
QUIET_SECS_BETWEEN=${QUIET_SECS_BETWEEN:-3}
QUIET_MAX=${QUIET_MAX:-1500}
QUIET_BUSY=${QUIET_BUSY:-25}
FOREIGN_MAX=${FOREIGN_MAX:-10}
RETRIES=${RETRIES:-3}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-2400}
MAX_TOTAL=${MAX_TOTAL:-5400}
HOST=127.0.0.1   # loopback only, never anything else
COMPILER_PATTERN='swift-build|swift-frontend|swiftc'

START_EPOCH=$(date +%s)
TMP=$(mktemp -d /tmp/http-layer-bench.XXXXXX)
chmod 755 "$TMP"   # nginx workers (user nobody) read www/ and write cache/ below it
PIDS=()
WATCHDOG=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        # give each process up to 5 s, then SIGKILL
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Whole-run time bound: SIGTERM ourselves (the trap above then stops everything).
# shellcheck source=../lib/watchdog.sh
source "$HERE/../lib/watchdog.sh"
# shellcheck source=../lib/cpu-sampler.sh
source "$HERE/../lib/cpu-sampler.sh"
start_watchdog "$MAX_TOTAL"

for tool in wrk nginx curl python3 swift timeout; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y nginx-light wrk curl)" >&2; exit 1; }
done
[ "$(wc -c < "$HERE/body.json")" -eq 2048 ] || { echo "body.json must be exactly 2048 bytes" >&2; exit 1; }

# ---------------------------------------------------------------- build
log "building $HERE in release mode (timeout ${BUILD_TIMEOUT}s)"
BUILD_START=$(date +%s)
timeout "$BUILD_TIMEOUT" swift build -c release --package-path "$HERE" --scratch-path "$HERE/.build" >"$TMP/build.log" 2>&1 \
    || { tail -40 "$TMP/build.log" >&2; echo "build failed" >&2; exit 1; }
BIN="$HERE/.build/release"
log "build done in $(( $(date +%s) - BUILD_START ))s"

# ---------------------------------------------------------------- quiet machine
QUIET_WAITED=0      # seconds spent waiting in total
QUIET_GAVE_UP=0
# A zombie compiler (a killed build whose parent has not reaped it) uses no CPU: only running, sleeping or
# waiting ones count.
compiler_running() { pgrep -r R,S,D -f "$COMPILER_PATTERN" 2>/dev/null | grep -vqx "$$"; }
wait_for_quiet() {  # [seconds]
    local quiet=0 needed=${1:-$QUIET_SECS}
    while [ "$quiet" -lt "$needed" ]; do
        if [ "$QUIET_WAITED" -ge "$QUIET_MAX" ]; then
            [ "$QUIET_GAVE_UP" -eq 1 ] || log "compiler still running after ${QUIET_MAX}s of waiting: measuring anyway"
            QUIET_GAVE_UP=1
            return 0
        fi
        local busy
        busy=$(python3 "$HERE/scripts/cpu-load.py" busy 1)   # takes 1 s
        if compiler_running || [ "$busy" -gt "$QUIET_BUSY" ]; then quiet=0; else quiet=$((quiet + 1)); fi
        QUIET_WAITED=$((QUIET_WAITED + 1))
    done
}

# ---------------------------------------------------------------- servers
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() {  # url: wait up to 30 s for a 200
    local url=$1
    for _ in $(seq 300); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
        sleep 0.1
    done
    echo "server at $url did not come up" >&2
    return 1
}

NGINX_PID=""
start_nginx() {
    STATIC_PORT=$(free_port)
    CACHE_PORT=$(free_port)
    while [ "$CACHE_PORT" = "$STATIC_PORT" ]; do CACHE_PORT=$(free_port); done
    mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp" "$TMP/nginx/www"
    chmod 755 "$TMP/nginx" "$TMP/nginx/www"
    cp "$HERE/body.json" "$TMP/nginx/www/body.json"
    chmod 644 "$TMP/nginx/www/body.json"
    sed -e "s|@PREFIX@|$TMP/nginx|g" -e "s|@STATIC_PORT@|$STATIC_PORT|g" -e "s|@CACHE_PORT@|$CACHE_PORT|g" \
        "$HERE/nginx.conf" >"$TMP/nginx/nginx.conf"
    nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" -t -q
    nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" >"$TMP/nginx/stdout.log" 2>&1 &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    wait_http "http://$HOST:$STATIC_PORT/body"
    wait_http "http://$HOST:$CACHE_PORT/body"
    # Warm the cache and require a HIT before measuring.
    local status=""
    for _ in 1 2 3 4 5; do
        status=$(curl -s -o /dev/null -D - --max-time 2 "http://$HOST:$CACHE_PORT/body" | tr -d '\r' \
            | awk -F': ' 'tolower($1)=="x-cache-status"{print $2}')
        [ "$status" = HIT ] && break
        sleep 0.2
    done
    [ "$status" = HIT ] || { echo "nginx proxy_cache is not serving HITs (X-Cache-Status: $status)" >&2; exit 1; }
    log "nginx up: static :$STATIC_PORT, proxy_cache :$CACHE_PORT (X-Cache-Status: HIT)"
}

start_swift() {  # name args...
    local name=$1; shift
    local port; port=$(free_port)
    "$BIN/$name" --port "$port" --body "$HERE/body.json" "$@" >"$TMP/$name.$port.log" 2>&1 &
    PIDS+=("$!")
    wait_http "http://$HOST:$port/body"
    URL="http://$HOST:$port/body"
}

# ---------------------------------------------------------------- wrk
to_ms() {  # "215.00us" | "1.23ms" | "1.01s" -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}

median() { sort -g | awk '{a[NR]=$1} END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'; }

RAW_ROWS=""
declare -A URLS R_RPS R_P50 R_P99 R_NOTE R_BYTES L_RPS L_P50 L_P99 DIRTY MAXFOREIGN

DURATION_S=$(awk -v d="$DURATION" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print int(n) }')
FOREIGN_WINDOW=$(( DURATION_S > 4 ? DURATION_S - 2 : 1 ))

# one_run NAME RUN: one wrk run; repeated (at most RETRIES times per server) if it was disturbed: a compiler
# showed up, or other processes took more than FOREIGN_MAX % of the machine while it ran.
declare -A TRIES
one_run() {
    local name=$1 run=$2 url=${URLS[$1]} out seen errors rps p50 p99 foreign compiler
    while :; do
        wait_for_quiet "$QUIET_SECS_BETWEEN"
        out="$TMP/$name.run$run.txt"
        rm -f "$TMP/compiler-seen"
        # CPU used by everything that is not ours (servers, nginx, wrk), over the middle of the run; nothing is
        # started during the run (bench/lib/cpu-sampler.sh)
        start_cpu_sampler $$ 1 "$FOREIGN_WINDOW" "$TMP/foreign"
        timeout 300 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
        wait "$CPU_SAMPLER_PID" 2>/dev/null || true
        read -r foreign compiler <"$TMP/foreign" 2>/dev/null || true
        foreign=${foreign:-0}
        { [ "${compiler:-0}" = 1 ] || compiler_running; } && touch "$TMP/compiler-seen"
        seen=0
        { [ -e "$TMP/compiler-seen" ] || [ "$foreign" -gt "$FOREIGN_MAX" ]; } && seen=1
        if [ "$seen" -eq 1 ] && [ "${TRIES[$name]:-0}" -lt "$RETRIES" ] && [ "$QUIET_GAVE_UP" -eq 0 ]; then
            TRIES[$name]=$(( ${TRIES[$name]:-0} + 1 ))
            log "$name run $run: disturbed (other processes ${foreign}% of the machine$([ -e "$TMP/compiler-seen" ] && echo ', a compiler ran' || true)), repeating it"
            continue
        fi
        break
    done
    [ "$seen" -eq 0 ] || DIRTY[$name]=$(( ${DIRTY[$name]:-0} + 1 ))
    [ "$foreign" -le "${MAXFOREIGN[$name]:-0}" ] || MAXFOREIGN[$name]=$foreign
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$out")")
    p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$out")")
    errors=$(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | paste -sd ';' - || true)
    [ -n "$rps" ] || { cat "$out" >&2; echo "could not parse wrk output" >&2; exit 1; }
    log "$name run $run: ${rps} req/s, p50 ${p50} ms, p99 ${p99} ms, other load ${foreign}%${errors:+ ($errors)}"
    L_RPS[$name]+="$rps"$'\n'; L_P50[$name]+="$p50"$'\n'; L_P99[$name]+="$p99"$'\n'
    RAW_ROWS+="| $name | $run | $rps | $p50 | $p99 | ${foreign}% | $([ -e "$TMP/compiler-seen" ] && echo 'compiler ran' || true) ${errors:-} |"$'\n'
}

response_bytes() {  # url -> total bytes of one response (headers + body); also checks the body
    curl -s -D "$TMP/h.txt" -o "$TMP/b.json" --max-time 2 "$1"
    cmp -s "$TMP/b.json" "$HERE/body.json" || { echo "wrong body from $1" >&2; exit 1; }
    grep -qi '^content-type: application/json' "$TMP/h.txt" || { echo "wrong content type from $1" >&2; exit 1; }
    echo $(( $(wc -c <"$TMP/h.txt") + $(wc -c <"$TMP/b.json") ))
}

describe() {
    case $1 in
        nginx-static) echo "nginx 1 worker, static file" ;;
        nginx-cache) echo "nginx 1 worker, proxy_cache HIT" ;;
        nio-raw) echo "raw SwiftNIO HTTP/1 handler" ;;
        hb-route) echo "Hummingbird 2 route" ;;
        hb-eventloop) echo "Hummingbird 2 + hit handler (additionalChannelHandlers)" ;;
        hb-eventloop-after-state) echo "Hummingbird 2 + hit handler (after HTTPConnectionStateHandler)" ;;
        hb-eventloop-1loop) echo "same as hb-eventloop-after-state, 1 event loop thread" ;;
    esac
}

# All servers run side by side (idle ones cost nothing); runs are interleaved, run k of every server before
# run k+1, so a burst of load from elsewhere spreads over the servers instead of landing on one of them.
for server in $SERVERS; do
    case $server in
        nginx-static | nginx-cache)
            [ -n "$NGINX_PID" ] || start_nginx
            if [ "$server" = nginx-static ]; then URL="http://$HOST:$STATIC_PORT/body"; else URL="http://$HOST:$CACHE_PORT/body"; fi
            ;;
        nio-raw | hb-route | hb-eventloop) start_swift "$server" ;;
        hb-eventloop-after-state) start_swift hb-eventloop --placement after-state ;;
        hb-eventloop-1loop) start_swift hb-eventloop --placement after-state --threads 1 ;;
        *) echo "unknown server $server" >&2; exit 1 ;;
    esac
    URLS[$server]=$URL
    R_BYTES[$server]=$(response_bytes "$URL")
done

log "waiting for a quiet machine (no compiler for ${QUIET_SECS}s, at most ${QUIET_MAX}s)"
wait_for_quiet
MEASURE_START=$(date +%s)
for server in $SERVERS; do
    log "$server: warm-up $WARMUP"
    timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${URLS[$server]}" >/dev/null
done
for run in $(seq "$RUNS"); do
    for server in $SERVERS; do
        one_run "$server" "$run"
    done
done
for server in $SERVERS; do
    R_RPS[$server]=$(printf '%s' "${L_RPS[$server]}" | median)
    R_P50[$server]=$(printf '%s' "${L_P50[$server]}" | median)
    R_P99[$server]=$(printf '%s' "${L_P99[$server]}" | median)
    R_NOTE[$server]=""
    [ "${DIRTY[$server]:-0}" -eq 0 ] \
        || R_NOTE[$server]="${DIRTY[$server]}/$RUNS runs disturbed (other load up to ${MAXFOREIGN[$server]}%)"
done
if [ -n "$NGINX_PID" ]; then
    # the cache must still be hitting after the runs
    curl -s -o /dev/null -D - --max-time 2 "http://$HOST:$CACHE_PORT/body" | grep -qi '^x-cache-status: HIT' \
        || { echo "nginx proxy_cache stopped hitting" >&2; exit 1; }
fi
MEASURE_SECS=$(( $(date +%s) - MEASURE_START ))

# ---------------------------------------------------------------- report
ratio() {  # value reference
    if [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo "n/a"; fi
}
TABLE="| server | req/s | p50 ms | p99 ms | × nginx proxy_cache HIT | × nginx static | bytes/response | note |"$'\n'
TABLE+="|---|---:|---:|---:|---:|---:|---:|---|"$'\n'
for server in $SERVERS; do
    TABLE+="| $server — $(describe "$server") | $(printf '%.0f' "${R_RPS[$server]}") | ${R_P50[$server]} | ${R_P99[$server]} |"
    TABLE+=" $(ratio "${R_RPS[$server]}" "${R_RPS[nginx-cache]:-}") | $(ratio "${R_RPS[$server]}" "${R_RPS[nginx-static]:-}") |"
    TABLE+=" ${R_BYTES[$server]} | ${R_NOTE[$server]} |"$'\n'
done

QUIET_LINE="waited ${QUIET_WAITED}s in total for a quiet machine (no ${COMPILER_PATTERN} and ≤ ${QUIET_BUSY}% busy for ${QUIET_SECS}s before the first run, ${QUIET_SECS_BETWEEN}s before the others); a run counts as disturbed if a compiler ran or other processes took > ${FOREIGN_MAX}% of the machine"
[ "$QUIET_GAVE_UP" -eq 0 ] || QUIET_LINE+="; GAVE UP after ${QUIET_MAX}s and measured anyway"

mkdir -p "$HERE/results"
RESULT="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "# HTTP-layer benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Command: \`DURATION=$DURATION RUNS=$RUNS THREADS=$THREADS CONNECTIONS=$CONNECTIONS bash bench/http-layer/run.sh\`"
    echo "(each server: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\`, $RUNS runs after a $WARMUP warm-up;"
    echo "medians of req/s, p50 and p99 taken separately; loopback; body: bench/http-layer/body.json, 2048 bytes)"
    echo
    echo "$TABLE"
    echo "- machine: \`$(uname -a)\`"
    echo "- nproc: $(nproc); CPU: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "- swift: $(swift --version 2>&1 | head -1)"
    echo "- $(nginx -v 2>&1); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
    echo "- $QUIET_LINE; measuring took ${MEASURE_SECS}s; whole script $(( $(date +%s) - START_EPOCH ))s"
    echo
    echo "<details><summary>every run</summary>"
    echo
    echo "| server | run | req/s | p50 ms | p99 ms | other load | notes |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    printf '%s' "$RAW_ROWS"
    echo
    echo "</details>"
} >"$RESULT"

echo
echo "$TABLE"
echo "$QUIET_LINE"
echo "results: ${RESULT#"$PWD"/}"
