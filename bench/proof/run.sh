#!/usr/bin/env bash
# The proof harness (issue #8): one command that starts a fleet and checks TagPulse's promises under load, faults
# and hostile input against ../shared/TARGETS.md, then prints ONE table (figure, target, pass/fail) and writes it
# to bench/proof/results/<UTC timestamp>.md.
#
#   bash bench/proof/run.sh
#
# Builds release once (`swift build -c release`), starts a private redis-server (redis/redis.conf), three
# engine + gateway pairs (offline: shipped corpus, local analyzer) and nginx as a load balancer in front of the
# three gateways (bench/proof/nginx-lb.conf), plus nginx proxy_cache serving the same body as the reference
# (bench/cache-hit/nginx.conf). Everything on 127.0.0.1. Then, each phase bounded in time:
#   hits      P1/P2  wrk through the LB vs nginx proxy_cache HIT (and one gateway direct), medians of RUNS
#   limit     R1     a burst of BURST requests on a key at 100/min through the LB, then a steady overload
#   revoke    R6     a key revoked through gateway 1, refused by all three
#   stampede  P4     STAMPEDE concurrent identical misses through the LB; engine calls counted in the engines' logs
#   slow      R7     SLOW_CLIENTS slowloris connections on gateway 1 while wrk measures normal clients there
#   hostile   R8     oversized and malformed requests straight to gateway 3
#   tenants   R9     hostile tenants on gateway 3 at once (slow bodies, a bad-key flood, oversized bodies on the hit
#                    path) while a normal tenant's wrk does cache hits there
#   engine    R3     engine 1 killed under load and restarted
#   sigterm   R5     SIGTERM to gateway 2 under load through the LB (then started again)
#   redis     R2     Redis killed under load for REDIS_OUTAGE_S, then restarted
# and P9 (peak RSS of the processes). Phases run in that order (PHASES selects some).
#
# REDIS=cluster runs the fleet on a local Redis Cluster (3 masters + 3 replicas, lib/cluster.sh; issue #16), every
# row marked "[Redis Cluster 3+3]", with PHASES "hits limit redis" by default: `hits` becomes P1 on the cluster vs
# the one Redis (the gateways restarted on each, runs interleaved), `limit` is R1 unchanged, `redis` becomes R2 with
# the busiest master SIGKILLed instead of Redis stopped. Other phases run unchanged on the cluster.
#
# Environment (defaults in brackets):
#   REDIS [single] (or cluster)
#   PHASES ["hits limit revoke stampede slow hostile tenants engine sigterm redis"; REDIS=cluster: "hits limit redis"]
#   RATELIMIT_MODE [exact] (`leased`: the whole fleet in leased mode, decision 0003)
#   DURATION [8s] RUNS [3] CONNECTIONS [32]          wrk per cache-hit run (wrk -t1 -cCONNECTIONS --latency)
#   GATEWAY_LOOPS [1] each gateway's TAGPULSE_HTTP_EVENT_LOOPS (one serving thread, as the LB's and the reference's
#                     one nginx worker; empty: the product default, one per core)
#   BURST [2000] STEADY_RPS [20] STEADY_S [15] STAMPEDE [500] SLOW_CLIENTS [500]
#   REDIS_OUTAGE_S [10] ENGINE_OUTAGE_S [5]
#   R9_MAX_IN_FLIGHT [64] (gateway 3's http.max_in_flight in the tenants phase; per client a quarter)
#   R9_SLOW [96] slow-body connections; R9_FLOOD [3000] bad keys from R9_FLOOD_FROM [127.0.0.2];
#   R9_BIG_MB [4] oversized bodies; R9_CONNECTIONS [4] R9_SECONDS [6] R9_ROUNDS [2]: the normal tenant's wrk, alone
#   then attacked, per round;
#   R9_HOT_MAX_BYTES [67108864] (cache.hot_max_bytes, the product default: part of the RSS budget)
#   R9_ATTACK_GATEWAY [3] the gateway the rounds' attack is aimed at; 2 is the control: the same attack loads the
#   machine while the tenant's gateway (3) is not attacked, so its p99 ratio is the machine's share of R9's
#   DECISION_TIMEOUT_MS [25] (ratelimit.decision_timeout_ms, the product default)
#   REQUEST_TIMEOUT_MS [10000] (engine.request_timeout_ms: an analysis's deadline, R2's "deadline")
#   DRAIN_DELAY_MS [5000] GRACE_PERIOD_MS [20000] (shutdown.drain_delay_ms / shutdown.grace_period_ms, the product defaults)
#   PROVIDER [corpus] (or synthetic)   BIN_DIR [unset: build]   BUILD_TIMEOUT [1500]   MAX_TOTAL [900] (after the build)
#   QUIET_SECS [10] QUIET_BUSY [25] QUIET_MAX [180]: before measuring, wait (bounded) for other processes to use at most
#   QUIET_BUSY % of the CPU for QUIET_SECS seconds in a row
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY="$HERE/py"
REDIS=${REDIS:-single}
case "$REDIS" in
    single) PHASES=${PHASES:-"hits limit revoke stampede slow hostile tenants engine sigterm redis"} ;;
    cluster) PHASES=${PHASES:-"hits limit redis"} ;;
    *) echo "REDIS must be single or cluster (got '$REDIS')" >&2; exit 2 ;;
esac
DURATION=${DURATION:-8s} RUNS=${RUNS:-3} CONNECTIONS=${CONNECTIONS:-32}
GATEWAY_LOOPS=${GATEWAY_LOOPS-1}
BURST=${BURST:-2000} STEADY_RPS=${STEADY_RPS:-20} STEADY_S=${STEADY_S:-15}
STAMPEDE=${STAMPEDE:-500} SLOW_CLIENTS=${SLOW_CLIENTS:-500}
REDIS_OUTAGE_S=${REDIS_OUTAGE_S:-10} ENGINE_OUTAGE_S=${ENGINE_OUTAGE_S:-5}
R9_MAX_IN_FLIGHT=${R9_MAX_IN_FLIGHT:-64} R9_SLOW=${R9_SLOW:-96} R9_FLOOD=${R9_FLOOD:-3000} R9_FLOOD_FROM=${R9_FLOOD_FROM:-127.0.0.2}
R9_BIG_MB=${R9_BIG_MB:-4} R9_CONNECTIONS=${R9_CONNECTIONS:-4} R9_SECONDS=${R9_SECONDS:-6} R9_ROUNDS=${R9_ROUNDS:-2} R9_HOT_MAX_BYTES=${R9_HOT_MAX_BYTES:-67108864}
R9_ATTACK_GATEWAY=${R9_ATTACK_GATEWAY:-3}
DECISION_TIMEOUT_MS=${DECISION_TIMEOUT_MS:-25} REQUEST_TIMEOUT_MS=${REQUEST_TIMEOUT_MS:-10000}
DRAIN_DELAY_MS=${DRAIN_DELAY_MS:-5000} GRACE_PERIOD_MS=${GRACE_PERIOD_MS:-20000}
PROVIDER=${PROVIDER:-corpus} BIN_DIR=${BIN_DIR:-} BUILD_TIMEOUT=${BUILD_TIMEOUT:-1500} MAX_TOTAL=${MAX_TOTAL:-900}
LIMITED_RATE=100/min LIMIT_N=100 LIMIT_PERIOD_S=60
HOST=127.0.0.1   # loopback only, never anything else
HIT_PATH="/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=1&max_comments_per_post=1"

cd "$ROOT"
source "$ROOT/scripts/lib/common.sh"   # ensure_packages, start_redis, stop_pid
source "$ROOT/bench/lib/watchdog.sh"   # start_watchdog
source "$HERE/lib/stack.sh"            # free_ports, fleet_env, start_engine, start_gateway, start_lb, warm_hit, fleet_alive, stop_fleet
log() { printf '[proof %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

extra=()
command -v nginx >/dev/null || extra+=(nginx)
command -v wrk >/dev/null || extra+=(wrk)
# The Kong-like reference behind the LB (phase hits): nginx + Lua, as bench/cache-hit runs it.
[ -e /usr/lib/nginx/modules/ngx_http_lua_module.so ] || extra+=(libnginx-mod-http-lua)
ensure_packages "${extra[@]}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
TMP=$(mktemp -d /tmp/tagpulse-proof.XXXXXX)
chmod 755 "$TMP"   # nginx workers (user nobody) read and write below it
mkdir -p "$TMP/logs" "$TMP/wrk" "$HERE/results"
export PROOF_RESULTS="$TMP/rows.jsonl"
: >"$PROOF_RESULTS"
REDIS_PID="" LB_PID="" REF_PID="" LBREF_PID="" KONG_PID="" LBKONG_PID="" WATCHDOG="" BG_PIDS=() REDIS_CLUSTER_PIDS=()
cleanup() {
    trap - EXIT
    local pid
    for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    stop_fleet
    stop_redis_cluster
    [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null || true
    [ -n "${KEEP_TMP:-}" ] && log "kept $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM
row() { python3 "$PY/results.py" "$@"; }

# ---------------------------------------------------------------- build
if [ -n "$BIN_DIR" ]; then
    BIN=$(cd "$BIN_DIR" && pwd)
    BUILD_LINE="reused the release binaries in $BIN_DIR (BIN_DIR)"
else
    log "swift build -c release (timeout ${BUILD_TIMEOUT}s; the first build takes several minutes)"
    BUILD_START=$(date +%s)
    timeout "$BUILD_TIMEOUT" swift build -c release >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log" >&2; exit 1; }
    BIN=$(swift build -c release --show-bin-path)
    BUILD_LINE="\`swift build -c release\` took $(( $(date +%s) - BUILD_START ))s in this run"
fi
START=$(date +%s)
start_watchdog "$MAX_TOTAL"

# ---------------------------------------------------------------- fleet
read -r REDIS_PORT GW1 GW2 GW3 LB_PORT REF_PORT ORIGIN_PORT <<<"$(free_ports 7)"
GW_PORTS=("" "$GW1" "$GW2" "$GW3")
BOOTSTRAP_KEY="tp_proof_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export PROOF_KEY=$BOOTSTRAP_KEY PROOF_HIT_PATH=$HIT_PATH
# With an append-only file, as docker/compose.yaml runs it: the key store must survive R2's kill (without one, the
# restarted Redis is empty and every stored key is refused with 401).
start_redis "$REDIS_PORT" "$TMP/redis" --appendonly yes
if [ "$REDIS" = cluster ]; then
    CLUSTER_BASE=$(free_cluster_base) || { log "no six free consecutive ports for the cluster"; exit 1; }
    start_redis_cluster "$CLUSTER_BASE" "$TMP/cluster"
    FLEET_REDIS=cluster
    export PROOF_LABEL="Redis Cluster 3+3"
    log "redis cluster on 127.0.0.1:$CLUSTER_BASE-$((CLUSTER_BASE + 5)) (the one Redis :$REDIS_PORT kept for P1)"
fi
for i in 1 2 3; do start_engine "$i"; done
for i in 1 2 3; do start_gateway "$i"; done
start_lb lb "$LB_PORT" "${GW_PORTS[1]}" "${GW_PORTS[2]}" "${GW_PORTS[3]}"
LB_PID=$!
LB="http://$HOST:$LB_PORT"
wait_ready "$LB/readyz" "$LB_PID" || { cat "$TMP/lb/logs/error.log" >&2; exit 1; }
log "fleet up: redis :$REDIS_PORT, gateways :${GW_PORTS[1]} :${GW_PORTS[2]} :${GW_PORTS[3]}, LB :$LB_PORT"
DRAIN_KEYS="drain keys (shutdown.drain_delay_ms, shutdown.grace_period_ms) known to this gateway build"
grep -aq "shutdown.drain_delay_ms" "$BIN/tagpulse-gateway" \
    || DRAIN_KEYS="NOTE: this gateway build does not know TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS / _GRACE_PERIOD_MS (drain not on main yet): plain graceful shutdown"

keys_cli() {  # tagpulse keys … with the fleet's configuration
    # shellcheck disable=SC2046
    env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 $(fleet_env) "$BIN/tagpulse" keys "$@"
}
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# The load presents a stored key, as clients do (tier internal: limits no load here reaches); the bootstrap key only
# administers (revocations, the stampede's keys).
HIT_KEY=$(keys_cli create --name proof-load --tier internal --json | json_field key) || { log "could not create the load key"; exit 1; }
export PROOF_KEY=$HIT_KEY
RSS_GW=0 RSS_ENGINE=0
note_rss() {
    local i kb
    for i in 1 2 3; do
        kb=$(peak_rss_kb "${GATEWAY_PIDS[i]}"); [ "${kb:-0}" -gt "$RSS_GW" ] && RSS_GW=$kb
        kb=$(peak_rss_kb "${ENGINE_PIDS[i]}"); [ "${kb:-0}" -gt "$RSS_ENGINE" ] && RSS_ENGINE=$kb
    done
    return 0
}
now() { date +%s.%N; }
PHASE_TIMES=()

# ---------------------------------------------------------------- phases (lib/phases.sh, lib/cluster.sh)
source "$HERE/lib/phases.sh"
source "$HERE/lib/cluster.sh"
if [ "$REDIS" = cluster ]; then
    phase_hits() { phase_hits_cluster; }
    phase_redis() { phase_master; }
fi

# A bounded wait for a quiet machine before measuring (the machines are shared): other processes at most
# QUIET_BUSY % of the CPU for QUIET_SECS seconds in a row, for at most QUIET_MAX seconds; then measure anyway.
QUIET_SECS=${QUIET_SECS:-10} QUIET_BUSY=${QUIET_BUSY:-25} QUIET_MAX=${QUIET_MAX:-180}
quiet=0 waited=0
while [ "$quiet" -lt "$QUIET_SECS" ] && [ "$waited" -lt "$QUIET_MAX" ]; do
    busy=$(python3 "$ROOT/bench/http-layer/scripts/cpu-load.py" foreign $$ 1)   # takes 1 s
    if [ "$busy" -le "$QUIET_BUSY" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    waited=$((waited + 1))
done
QUIET_LINE="waited ${waited}s for a quiet machine (other processes ≤ ${QUIET_BUSY}% of the CPU for ${QUIET_SECS}s: $([ "$quiet" -ge "$QUIET_SECS" ] && echo reached || echo "not reached within QUIET_MAX=${QUIET_MAX}s, measured anyway"))"
log "$QUIET_LINE"

for phase in $PHASES; do
    phase_start=$(date +%s)
    log "phase $phase"
    "phase_$phase"
    note_rss
    PHASE_TIMES+=("$phase $(( $(date +%s) - phase_start ))s")
    alive=$(fleet_alive)
    [ "$alive" = "all 7 processes alive" ] || row "${phase}" "processes after phase $phase" "$alive" "no crash" false "$(tail -3 "$TMP"/logs/*.log)"
done
# TARGETS P9: the gateway's RSS under load ≤ 64 MB plus the hot cache's budget (cache.hot_max_bytes, the product
# default here: 64 MiB), the engine's ≤ 256 MB. The detail says how the gateway stands against 64 MB alone.
GW_BUDGET_MB=$((64 + 64))
GW_DELTA=$((RSS_GW / 1024 - 64))
if [ "$GW_DELTA" -gt 0 ]; then GW_AGAINST_64="$GW_DELTA MB over"; else GW_AGAINST_64="$(( -GW_DELTA )) MB under"; fi
row P9 "peak RSS: gateways (max of 3) / engines (max of 3)" "$((RSS_GW / 1024)) MB / $((RSS_ENGINE / 1024)) MB" \
    "gateway ≤ 64 MB + cache.hot_max_bytes = $GW_BUDGET_MB MB; engine ≤ 256 MB" \
    "$([ $((RSS_GW / 1024)) -le $GW_BUDGET_MB ] && [ $((RSS_ENGINE / 1024)) -le 256 ] && echo true || echo false)" \
    "VmHWM after the phases (a restarted process counts from its restart; the engine's largest request is not exercised here); the gateway is $GW_AGAINST_64 64 MB alone (its RSS counts about 40 MB of shared libraries' pages: Foundation, the Swift runtime)"

# ---------------------------------------------------------------- report
source "$HERE/lib/context.sh"
write_context >"$TMP/context.md"
python3 "$PY/report.py" "$PROOF_RESULTS" "$TMP/context.md" "$HERE/results/$STAMP.md"
log "written to bench/proof/results/$STAMP.md"
