#!/usr/bin/env bash
# What this machine allows a cache hit, whatever the server: the floor (floor/floor.c: read a GET, send a fixed
# response, nothing else) with writev and with sendfile, the same floor through SwiftNIO (bench/http-layer's
# `nio-floor`: NIO's event loop, channel and pending writes, no HTTP codec, one event loop; what NIO itself costs per
# response), the floor with exact mode's Redis work (floor-sendfile-redis: each pass of its loop holds the requests it
# read until one pipeline of the gateway's commands for them, the charge script, an entry head read and its marks,
# comes back from a private redis-server; what exact mode costs whatever the server), and nginx serving the same bytes
# as a static file, each with one thread, interleaved, `wrk -t1 -c32` as
# bench/cache-hit/run.sh measures. Prints req/s, p50, p99 and the server's CPU per request (user and kernel, from
# /proc/<pid>/stat) for each run, then the medians.
#
#   [RUNS=5] [DURATION=5s] [SIZES="2008 105917"] [NIO_FLOOR=1] [REDIS_FLOOR=1] [GATEWAY="name url pid lua-file[; name url pid lua-file…]"] \
#       bash bench/cache-hit/scripts/floor.sh
#
# NIO_FLOOR=0 leaves the NIO floor out (it is built with `swift build -c release` in bench/http-layer: about a minute
# the first time). REDIS_FLOOR=0 leaves the Redis floor out.
# GATEWAY adds a running server to the rotation (e.g. the stack bench/cache-hit/scripts/profile.sh starts, with its
# wrk Lua file for the key), so its runs are interleaved with the floor's in the same minutes: on a shared 2-CPU
# machine figures from different minutes differ by tens of per cent. Several gateways, separated by `;`, are
# interleaved with each other too: an A/B of two builds (the user column is what a hit-path change moves; it is
# stable to about ±0.6 µs where the totals are not). Nothing outside 127.0.0.1; everything it starts
# it stops. Bodies are random bytes of each size (the copy does not depend on what they are).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$ROOT/scripts/lib/common.sh"
ensure_packages wrk nginx curl redis-server
RUNS=${RUNS:-5} DURATION=${DURATION:-5s} SIZES=${SIZES:-"2008 105917"}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tagpulse-floor.XXXXXX")
PIDS=()
REDIS_PID=""
cleanup() {
    for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
    stop_pid "$REDIS_PID"
    [ -f "$TMP/nginx/nginx.pid" ] && kill "$(cat "$TMP/nginx/nginx.pid")" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

CC=$(command -v clang || command -v cc) || { echo "no C compiler (clang comes with the Swift toolchain)" >&2; exit 1; }
"$CC" -O2 -Wall -o "$TMP/floor" "$HERE/floor/floor.c" "$HERE/floor/floor-redis.c"
REDIS_FLOOR=${REDIS_FLOOR:-1}
if [ "$REDIS_FLOOR" = 1 ]; then
    REDIS_PORT=$(free_port)
    pushd "$ROOT" >/dev/null  # start_redis takes redis/redis.conf from the working directory
    start_redis "$REDIS_PORT" "$TMP/redis"
    popd >/dev/null
fi
NIO_FLOOR=${NIO_FLOOR:-1}
if [ "$NIO_FLOOR" = 1 ]; then
    LAYER="$ROOT/bench/http-layer"
    swift build -c release --package-path "$LAYER" --scratch-path "$LAYER/.build" --product nio-floor >"$TMP/nio-build.log" 2>&1 \
        || { tail -20 "$TMP/nio-build.log" >&2; exit 1; }
    NIO_FLOOR_BIN="$LAYER/.build/release/nio-floor"
fi

mkdir -p "$TMP/www" "$TMP/nginx/tmp"
chmod 755 "$TMP" "$TMP/www"
for size in $SIZES; do head -c "$size" /dev/urandom >"$TMP/www/$size"; done
chmod 644 "$TMP/www/"*

# name url pid, one per line: the servers in the rotation
SERVERS="$TMP/servers"
: >"$SERVERS"
NGINX_PORT=$(free_port)
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 100000000;
    client_body_temp_path $TMP/nginx/tmp; proxy_temp_path $TMP/nginx/tmp; fastcgi_temp_path $TMP/nginx/tmp;
    uwsgi_temp_path $TMP/nginx/tmp; scgi_temp_path $TMP/nginx/tmp;
    server { listen 127.0.0.1:$NGINX_PORT; root $TMP/www; location / { default_type application/json; } }
}
CONF
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log"
for _ in $(seq 50); do [ -s "$TMP/nginx/nginx.pid" ] && break; sleep 0.1; done
NGINX_WORKER=$(pgrep -P "$(cat "$TMP/nginx/nginx.pid")" | head -1)
for size in $SIZES; do
    for mode in writev sendfile; do
        port=$(free_port)
        "$TMP/floor" "$port" "$TMP/www/$size" "$mode" &
        PIDS+=($!)
        echo "floor-$mode@$size http://127.0.0.1:$port/ $!" >>"$SERVERS"
    done
    if [ "$REDIS_FLOOR" = 1 ]; then
        port=$(free_port)
        "$TMP/floor" "$port" "$TMP/www/$size" sendfile-redis "$REDIS_PORT" "$ROOT/redis/gcra-many.lua" &
        PIDS+=($!)
        echo "floor-sendfile-redis@$size http://127.0.0.1:$port/ $!" >>"$SERVERS"
    fi
    if [ "$NIO_FLOOR" = 1 ]; then
        for mode in writev sendfile; do
            port=$(free_port)
            "$NIO_FLOOR_BIN" --port "$port" --file "$TMP/www/$size" --mode "$mode" --threads 1 >/dev/null &
            PIDS+=($!)
            echo "nio-floor-$mode@$size http://127.0.0.1:$port/ $!" >>"$SERVERS"
        done
    fi
    echo "nginx-static@$size http://127.0.0.1:$NGINX_PORT/$size $NGINX_WORKER" >>"$SERVERS"
done
for _ in $(seq 50); do
    ready=1
    while read -r _ url _; do curl -s -o /dev/null "$url" || ready=0; done <"$SERVERS"
    [ "$ready" = 1 ] && break
    sleep 0.1
done

if [ -n "${GATEWAY:-}" ]; then
    IFS=';' read -ra gateways <<<"$GATEWAY"
    for gateway in "${gateways[@]}"; do
        read -r name url pid lua <<<"$gateway"
        echo "$name $url $pid $lua" >>"$SERVERS"
    done
fi

printf '%-30s %9s %8s %8s %10s %s\n' server req/s p50 p99 "CPU µs/req" "(user / kernel)"
: >"$TMP/rows"
for run in $(seq "$RUNS"); do
    while read -r name url pid lua; do
        script=()
        [ -n "$lua" ] && script=(-s "$lua")
        read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
        out=$(wrk -t1 -c32 -d"$DURATION" --latency "${script[@]}" "$url")
        read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
        echo "$out" | awk -v name="$name" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v run="$run" '
            / requests in / { n = $1 }
            /Requests\/sec/ { rps = $2 }
            / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
            function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000 }
            END {
                t = 1e6 / 100 / n   # µs per clock tick per request (USER_HZ 100)
                printf "%-30s %9.0f %8.3f %8.3f %10.1f (%.1f / %.1f)\n", name, rps, ms(p50), ms(p99), (u + s) * t, u * t, s * t
            }' | tee -a "$TMP/rows"
    done <"$SERVERS"
done
echo
echo "medians over $RUNS runs:"
while read -r name _; do
    grep "^$name " "$TMP/rows" | python3 -c '
import statistics, sys
rows = [line.split() for line in sys.stdin]
med = lambda i: statistics.median(float(r[i]) for r in rows)
print(f"{rows[0][0]:<30} {med(1):9.0f} {med(2):8.3f} {med(3):8.3f} {med(4):10.1f}   p99 range {min(float(r[3]) for r in rows):.2f}-{max(float(r[3]) for r in rows):.2f} ms")'
done <"$SERVERS"
