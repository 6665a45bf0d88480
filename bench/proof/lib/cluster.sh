# The proof harness on Redis Cluster (REDIS=cluster, issue #16): the fleet's gateways on a local 3 masters + 3
# replicas (scripts/lib/common.sh start_redis_cluster, cluster-node-timeout 2000 ms) instead of the one Redis, which
# still runs for the comparison. Source it from run.sh after lib/phases.sh; in cluster mode run.sh calls
# phase_hits_cluster for `hits` and phase_master for `redis`; `limit` (R1) runs unchanged on the cluster.

# Stops the three gateways and starts them again on `cluster` or `single` (FLEET_REDIS), each warmed on the hit URL.
fleet_on() {
    local i
    FLEET_REDIS=$1
    for i in 1 2 3; do stop_pid "${GATEWAY_PIDS[i]}"; done
    for i in 1 2 3; do
        start_gateway "$i"
        warm_hit "http://$HOST:${GW_PORTS[i]}$HIT_PATH"
    done
}

# P1 on the cluster: cache hits through the LB (wrk -t1 -cCONNECTIONS, DURATION, RUNS) with the gateways on the
# cluster and on the one Redis, interleaved (the gateways restarted between runs), in the same run.
phase_hits_cluster() {
    local run where
    declare -A files=([cluster]="" [single]="")
    curl -s -o "$TMP/body" --max-time 30 -H "Authorization: Bearer $HIT_KEY" "$LB$HIT_PATH"
    for run in $(seq "$RUNS"); do
        for where in single cluster; do
            fleet_on "$where"
            TAGPULSE_BENCH_KEY=$HIT_KEY wrk -t1 -c"$CONNECTIONS" -d2s -s "$ROOT/bench/cache-hit/scripts/auth.lua" "$LB$HIT_PATH" >/dev/null
            TAGPULSE_BENCH_KEY=$HIT_KEY wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
                -s "$ROOT/bench/cache-hit/scripts/auth.lua" "$LB$HIT_PATH" >"$TMP/wrk/$where-$run.txt"
            files[$where]+="$TMP/wrk/$where-$run.txt,"
            log "hits on $where run $run: $(python3 "$PY/wrkstats.py" parse "$TMP/wrk/$where-$run.txt")"
        done
    done
    python3 "$PY/wrkstats.py" cluster-hits "${files[single]}" "${files[cluster]}"
}

# The port of the master serving the most commands per second now (under load).
busiest_master() {
    local port best=0 best_port="" ops
    for port in $(seq "$CLUSTER_BASE" $((CLUSTER_BASE + 5))); do
        redis-cli -p "$port" role 2>/dev/null | head -1 | grep -q master || continue
        ops=$(redis-cli -p "$port" info stats | awk -F: '/^instantaneous_ops_per_sec/ {print $2+0}')
        if [ "${ops:-0}" -ge "$best" ]; then best=$ops best_port=$port; fi
    done
    echo "$best_port"
}

# R2 on the cluster: hits through the LB (16 connections); the busiest master (the one holding the bootstrap
# client's rate-limit windows: every request's decision) SIGKILLed; its replica promoted after
# cluster-node-timeout; the node is not restarted.
phase_master() {
    local kill_at promoted_at port pid ask
    load_in_background 20 "$TMP/master-timeline.json" --stream "hits:$HOST:$LB_PORT:16:hit"
    sleep 4
    port=$(busiest_master)
    pid=${REDIS_CLUSTER_PIDS[$((port - CLUSTER_BASE))]}
    kill_at=$(now)
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    # Promoted: the dead node marked failed (`fail`, not the suspicion `fail?`) and every slot served again.
    promoted_at="" ask=$((port == CLUSTER_BASE ? CLUSTER_BASE + 1 : CLUSTER_BASE))
    for _ in $(seq 1 300); do
        if redis-cli -p "$ask" cluster nodes 2>/dev/null | grep ":$port@" | grep -q 'fail[^?]\|fail$' \
            && redis-cli -p "$ask" cluster info 2>/dev/null | grep -q cluster_state:ok; then
            promoted_at=$(now)
            break
        fi
        sleep 0.05
    done
    wait "$LOAD_PID" || true
    printf '{"kill": %s, "promoted": %s, "port": %s, "alive": "%s"}\n' \
        "$kill_at" "${promoted_at:-null}" "$port" "$(fleet_alive)" >"$TMP/master-events.json"
    python3 "$PY/chaos.py" master "$TMP/master-timeline.json" "$TMP/master-events.json" \
        || row R2 "cluster master killed" "harness error" "see TARGETS" false "chaos.py master failed"
}
