# The proof harness's fleet: three engine + gateway pairs on one Redis. Source it after scripts/lib/common.sh;
# it needs BIN, TMP, HOST, REDIS_PORT, BOOTSTRAP_KEY and GW_PORTS (an array indexed 1..3).
#
# Only what is set here reaches the processes (env -i): no inherited TAGPULSE_*, RapidAPI or OpenAI keys, so the
# engines run offline (shipped corpus, local analyzer).

ENGINE_PIDS=() GATEWAY_PIDS=()

# The gateways' configuration, shared by the `tagpulse` CLI (it validates tiers): the bootstrap key in `internal`
# with limits no load here reaches, and a `limited` tier at 100/min for the accuracy check (R1).
fleet_env() {
    echo TAGPULSE_REDIS_URL="redis://$HOST:$REDIS_PORT/0"
    # REDIS=cluster: the gateways (and the CLI) on the 3+3 cluster; FLEET_REDIS=single puts them back on the one
    # Redis for the comparison of the hits phase (lib/cluster.sh).
    [ "${FLEET_REDIS:-single}" = cluster ] && echo TAGPULSE_REDIS_CLUSTER_NODES="$REDIS_CLUSTER_NODES"
    echo TAGPULSE_RATELIMIT_TIERS=free,standard,internal,limited
    echo TAGPULSE_RATELIMIT_TIER_INTERNAL_REQUESTS=100000000/min
    echo TAGPULSE_RATELIMIT_TIER_INTERNAL_ANALYSES=1000000/min
    echo TAGPULSE_RATELIMIT_TIER_LIMITED_REQUESTS="$LIMITED_RATE"
    echo TAGPULSE_RATELIMIT_TIER_LIMITED_ANALYSES=1000000/min
    echo TAGPULSE_RATELIMIT_UPSTREAM=1000000/min
    echo TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS="$DECISION_TIMEOUT_MS"
    echo TAGPULSE_AUTH_BOOTSTRAP_TIER=internal
    # RATELIMIT_MODE=leased runs the fleet in leased mode (slices decided from memory, hot cache; decision 0003).
    echo TAGPULSE_RATELIMIT_MODE="${RATELIMIT_MODE:-exact}"
    # The load generators all use the bootstrap key: one client, allowed the whole instance (the per-client cap,
    # a quarter of http.max_in_flight by default, protects tenants from each other, not from the harness).
    echo TAGPULSE_HTTP_MAX_IN_FLIGHT_PER_CLIENT=1024
    # One serving thread per gateway (GATEWAY_LOOPS), as the reference nginx and the LB run one worker each: on this
    # harness's one machine, more event loops than free cores only wait for each other (docs/BENCHMARKS.md).
    if [ -n "${GATEWAY_LOOPS:-}" ]; then echo TAGPULSE_HTTP_EVENT_LOOPS="$GATEWAY_LOOPS"; fi
}

engine_socket() { echo "$TMP/e$1/engine.sock"; }

warm_hit() {  # url: one request for the cache-hit URL there with the hit key, answer dropped (fills or confirms its entry)
    curl -s -o /dev/null --max-time 30 -H "Authorization: Bearer $HIT_KEY" "$1"
}

# N distinct free TCP ports on 127.0.0.1, held together while they are chosen (free_port one at a time can hand out
# the same port twice), outside the kernel's ephemeral range so outgoing connections do not take them meanwhile.
free_ports() {
    python3 - "$1" <<'PY'
import random, socket, sys
low, high = (int(x) for x in open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
held, ports = [], []
while len(ports) < int(sys.argv[1]):
    port = random.randrange(10000, low) if low > 11000 else random.randrange(high + 1, 65535)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    held.append(s)
    ports.append(port)
print(" ".join(map(str, ports)))
PY
}

start_engine() {  # index: starts engine i (log appended to $TMP/logs/engine-i.log), waits for its socket
    local i=$1 socket
    socket=$(engine_socket "$i")
    mkdir -p "$(dirname "$socket")"
    env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 \
        TAGPULSE_ENGINE_SOCKET="$socket" TAGPULSE_PROVIDER="$PROVIDER" TAGPULSE_ANALYZER=local \
        TAGPULSE_LOG_LEVEL=info TAGPULSE_LOG_FORMAT=json \
        "$BIN/tagpulse-engine" >>"$TMP/logs/engine-$i.log" 2>&1 &
    ENGINE_PIDS[i]=$!
    for _ in $(seq 200); do
        [ -S "$socket" ] && return 0
        kill -0 "${ENGINE_PIDS[i]}" 2>/dev/null || { tail -20 "$TMP/logs/engine-$i.log" >&2; return 1; }
        sleep 0.05
    done
    echo "engine $i did not listen within 10 s" >&2
    return 1
}

start_gateway() {  # index [NAME=value…]: starts gateway i on GW_PORTS[i] with engine i (and those settings), waits for /readyz
    local i=$1
    # shellcheck disable=SC2046  # fleet_env prints NAME=value words without spaces
    env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 $(fleet_env) \
        TAGPULSE_HTTP_HOST="$HOST" TAGPULSE_HTTP_PORT="${GW_PORTS[i]}" \
        TAGPULSE_ENGINE_SOCKET="$(engine_socket "$i")" \
        TAGPULSE_ENGINE_REQUEST_TIMEOUT_MS="$REQUEST_TIMEOUT_MS" \
        TAGPULSE_BOOTSTRAP_KEY="$BOOTSTRAP_KEY" \
        TAGPULSE_INSTANCE_ID="proof-gw-$i" TAGPULSE_METRICS_PORT=0 \
        TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS="$DRAIN_DELAY_MS" TAGPULSE_SHUTDOWN_GRACE_PERIOD_MS="$GRACE_PERIOD_MS" \
        TAGPULSE_LOG_LEVEL=warning TAGPULSE_LOG_FORMAT=json "${@:2}" \
        "$BIN/tagpulse-gateway" >>"$TMP/logs/gateway-$i.log" 2>&1 &
    GATEWAY_PIDS[i]=$!
    wait_ready "http://$HOST:${GW_PORTS[i]}/readyz" "${GATEWAY_PIDS[i]}" || { tail -20 "$TMP/logs/gateway-$i.log" >&2; return 1; }
}

wait_ready() {  # url pid: up to 20 s for a 200 while pid lives
    for _ in $(seq 400); do
        kill -0 "$2" 2>/dev/null || return 1
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" || true)" = 200 ] && return 0
        sleep 0.05
    done
    return 1
}

# "g1 g2 g3 e1 e2 e3 redis" entries that are alive, e.g. "all 7 alive" or "gateway-2 DEAD".
fleet_alive() {
    local dead=() i
    for i in 1 2 3; do
        kill -0 "${GATEWAY_PIDS[i]}" 2>/dev/null || dead+=("gateway-$i")
        kill -0 "${ENGINE_PIDS[i]}" 2>/dev/null || dead+=("engine-$i")
    done
    kill -0 "$REDIS_PID" 2>/dev/null || dead+=("redis")
    if [ ${#dead[@]} -eq 0 ]; then echo "all 7 processes alive"; else echo "DEAD: ${dead[*]}"; fi
}

peak_rss_kb() {  # pid: VmHWM in kB
    awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# nginx-lb.conf under $TMP/<name>, listening on <port>, its three upstreams <gw1> <gw2> <gw3> (the fleet's gateways, or
# one server three times for a reference behind the same LB); started in the background: the caller takes $!.
start_lb() {  # name port gw1 gw2 gw3
    mkdir -p "$TMP/$1/logs" "$TMP/$1/tmp"
    sed -e "s|@PREFIX@|$TMP/$1|g" -e "s|@LB_PORT@|$2|g" -e "s|@GW1@|$3|g" -e "s|@GW2@|$4|g" -e "s|@GW3@|$5|g" \
        "$HERE/nginx-lb.conf" >"$TMP/$1/nginx.conf"
    nginx -p "$TMP/$1" -c "$TMP/$1/nginx.conf" -e "$TMP/$1/logs/error.log" >"$TMP/$1/stdout.log" 2>&1 &
}

stop_fleet() {
    local i
    stop_pid "$LB_PID"
    stop_pid "$LBREF_PID"
    stop_pid "$LBKONG_PID"
    stop_pid "$KONG_PID"
    stop_pid "$REF_PID"
    for i in 1 2 3; do stop_pid "${GATEWAY_PIDS[i]:-}"; done
    for i in 1 2 3; do stop_pid "${ENGINE_PIDS[i]:-}"; done
    stop_pid "$REDIS_PID"
}
