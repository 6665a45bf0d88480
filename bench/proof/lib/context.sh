# The head of a proof report: when, what ran, on which machine. Source it from run.sh (it reads run.sh's settings).
write_context() {
    local cpu mem commit
    cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
    commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$ROOT" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
    cat <<MD
# Proof harness, $(date -u '+%Y-%m-%d %H:%M UTC')

Command: \`bash bench/proof/run.sh\` (PHASES="$PHASES"; DURATION=$DURATION RUNS=$RUNS CONNECTIONS=$CONNECTIONS BURST=$BURST
STEADY_RPS=$STEADY_RPS STEADY_S=$STEADY_S STAMPEDE=$STAMPEDE SLOW_CLIENTS=$SLOW_CLIENTS REDIS_OUTAGE_S=$REDIS_OUTAGE_S
ENGINE_OUTAGE_S=$ENGINE_OUTAGE_S DECISION_TIMEOUT_MS=$DECISION_TIMEOUT_MS REQUEST_TIMEOUT_MS=$REQUEST_TIMEOUT_MS
DRAIN_DELAY_MS=$DRAIN_DELAY_MS GRACE_PERIOD_MS=$GRACE_PERIOD_MS PROVIDER=$PROVIDER R9_MAX_IN_FLIGHT=$R9_MAX_IN_FLIGHT R9_SLOW=$R9_SLOW
R9_FLOOD=$R9_FLOOD R9_FLOOD_FROM=$R9_FLOOD_FROM R9_BIG_MB=$R9_BIG_MB R9_CONNECTIONS=$R9_CONNECTIONS R9_SECONDS=$R9_SECONDS
R9_ROUNDS=$R9_ROUNDS R9_HOT_MAX_BYTES=$R9_HOT_MAX_BYTES R9_ATTACK_GATEWAY=$R9_ATTACK_GATEWAY GATEWAY_LOOPS=$GATEWAY_LOOPS RATELIMIT_MODE=${RATELIMIT_MODE:-exact}).
Fleet on 127.0.0.1: $([ "$REDIS" = cluster ] && echo "REDIS=cluster: a Redis Cluster of 3 masters + 3 replicas (redis-server --cluster-enabled yes, cluster-node-timeout 2000 ms; the one redis-server below kept for P1's comparison) and" ) one redis-server (redis/redis.conf), three tagpulse-engine + tagpulse-gateway pairs (offline
$PROVIDER provider, local analyzer; ${GATEWAY_LOOPS:-one per core} event loop(s) per gateway; rate limits in **${RATELIMIT_MODE:-exact} mode**), nginx load balancer (bench/proof/nginx-lb.conf, 1 worker, round robin,
\`proxy_next_upstream error timeout non_idempotent\`); reference: nginx proxy_cache HIT (bench/cache-hit/nginx.conf,
1 worker) serving the same body bytes, and the same LB configuration in front of it and in front of the Kong-like
reference (bench/cache-hit/nginx-kong.conf) for P1/P2's same-run comparisons. Cache-hit URL: \`GET $HIT_PATH\` ($(wc -c 2>/dev/null <"$TMP/body" || echo "?") bytes).
Shutdown: $DRAIN_KEYS.

- machine: $(nproc) cores, $cpu, $mem, kernel $(uname -r) ($(uname -m)); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
- $(swift --version 2>/dev/null | head -1); $BUILD_LINE; commit $commit
- $(nginx -v 2>&1); wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null); redis-server $(redis-server --version | awk '{print $3}' | sed 's/v=//'); Python $(python3 -c 'import platform; print(platform.python_version())')
- $QUIET_LINE
- phases: ${PHASE_TIMES[*]}; whole run after the build $(( $(date +%s) - START ))s
MD
}
