# The proof harness's phases, one function each (phase_<name>), run in order by run.sh: source it from run.sh, whose
# settings and fleet (lib/stack.sh) they use. Each emits its rows through py/*.py (py/results.py) and bounds its own
# time (timeout, fixed durations).

phase_hits() {
    local status
    status=$(curl -s -o "$TMP/body" -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $HIT_KEY" "$LB$HIT_PATH")
    [ "$status" = 200 ] || { row P1 "cache-hit warm-up" "status $status" "200" false "the LB did not answer the hit URL"; return; }
    for i in 1 2 3; do warm_hit "http://$HOST:${GW_PORTS[i]}$HIT_PATH"; done
    mkdir -p "$TMP/ref/logs" "$TMP/ref/tmp" "$TMP/ref/www"
    chmod 755 "$TMP/ref" "$TMP/ref/www"
    cp "$TMP/body" "$TMP/ref/www/body"
    gzip -c "$TMP/body" >"$TMP/ref/www/body.gz"
    chmod 644 "$TMP/ref/www/"*
    # bench/cache-hit/nginx.conf serves one body per benchmark URL (@BODY_MAP@: "<url>" /<file>;); `&` is sed's.
    local body_map="\"${HIT_PATH//&/\\&}\" /body;"
    sed -e "s|@PREFIX@|$TMP/ref|g" -e "s|@ORIGIN_PORT@|$ORIGIN_PORT|g" -e "s|@CACHE_PORT@|$REF_PORT|g" \
        -e "s|@CONTENT_TYPE@|application/json|g" -e "s|@BODY_MAP@|$body_map|g" -e "s|@WORKERS@|1|g" \
        "$ROOT/bench/cache-hit/nginx.conf" >"$TMP/ref/nginx.conf"
    # Every placeholder filled (a new one in nginx.conf must be added above: nginx's own error would stop the phase).
    if grep -v '^[[:space:]]*#' "$TMP/ref/nginx.conf" | grep -q '@[A-Z_]*@'; then
        row P1 "cache-hit reference" "unfilled placeholder" "none" false "$(grep -v '^[[:space:]]*#' "$TMP/ref/nginx.conf" | grep -o '@[A-Z_]*@' | sort -u | xargs)"
        return
    fi
    nginx -p "$TMP/ref" -c "$TMP/ref/nginx.conf" -e "$TMP/ref/logs/error.log" >"$TMP/ref/stdout.log" 2>&1 &
    REF_PID=$!
    wait_ready "http://$HOST:$REF_PORT$HIT_PATH" "$REF_PID"
    # The references behind the same LB (nginx-lb.conf, its three upstreams all one server), in the same run: nginx
    # proxy_cache (the best upstream there is: what the LB leaves of this machine) and the Kong-like reference
    # (bench/cache-hit/nginx-kong.conf: Lua key check and one pipelined INCR+EXPIRE on the fleet's Redis, then
    # proxy_cache; TARGETS P1's reference for exact mode). The report says whether a miss is the LB's and the machine's.
    local kong_port lbref_port lbkong_port
    read -r kong_port lbref_port lbkong_port <<<"$(free_ports 3)"
    mkdir -p "$TMP/kong/logs" "$TMP/kong/tmp"
    sed -e "s|@PREFIX@|$TMP/kong|g" -e "s|@ORIGIN_PORT@|$ORIGIN_PORT|g" -e "s|@KONG_PORT@|$kong_port|g" \
        -e "s|@CONTENT_TYPE@|application/json|g" -e "s|@BENCH_KEY@|$HIT_KEY|g" -e "s|@REDIS_PORT@|$REDIS_PORT|g" \
        -e "s|@LUA_DIR@|$ROOT/bench/cache-hit/scripts|g" -e "s|@WORKERS@|1|g" \
        "$ROOT/bench/cache-hit/nginx-kong.conf" >"$TMP/kong/nginx.conf"
    nginx -p "$TMP/kong" -c "$TMP/kong/nginx.conf" -e "$TMP/kong/logs/error.log" >"$TMP/kong/stdout.log" 2>&1 &
    KONG_PID=$!
    start_lb lbref "$lbref_port" "$REF_PORT" "$REF_PORT" "$REF_PORT"
    LBREF_PID=$!
    start_lb lbkong "$lbkong_port" "$kong_port" "$kong_port" "$kong_port"
    LBKONG_PID=$!
    wait_ready "http://$HOST:$lbref_port$HIT_PATH" "$LBREF_PID"
    local status_kong
    for _ in $(seq 50); do
        status_kong=$(curl -s -o "$TMP/kong-body" -w '%{http_code}' -H "Authorization: Bearer $HIT_KEY" "http://$HOST:$lbkong_port$HIT_PATH" || true)
        [ "$status_kong" = 200 ] && break
        sleep 0.1
    done
    if [ "$status_kong" != 200 ] || ! cmp -s "$TMP/kong-body" "$TMP/body"; then
        row P1 "Kong-like reference behind the LB" "status $status_kong" "200, the gateway's bytes" false "$(tail -3 "$TMP/kong/logs/error.log" | xargs)"
        return
    fi
    declare -A urls=([nginx]="http://$HOST:$REF_PORT$HIT_PATH" [lb]="$LB$HIT_PATH" [direct]="http://$HOST:${GW_PORTS[1]}$HIT_PATH"
        [lbref]="http://$HOST:$lbref_port$HIT_PATH" [lbkong]="http://$HOST:$lbkong_port$HIT_PATH")
    local variants="nginx lb direct lbref lbkong"
    local v run
    declare -A files=([nginx]="" [lb]="" [direct]="" [lbref]="" [lbkong]="")
    for v in $variants; do
        TAGPULSE_BENCH_KEY=$HIT_KEY wrk -t1 -c"$CONNECTIONS" -d2s -s "$ROOT/bench/cache-hit/scripts/auth.lua" "${urls[$v]}" >/dev/null
    done
    for run in $(seq "$RUNS"); do
        for v in $variants; do
            TAGPULSE_BENCH_KEY=$HIT_KEY wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
                -s "$ROOT/bench/cache-hit/scripts/auth.lua" "${urls[$v]}" >"$TMP/wrk/$v-$run.txt"
            files[$v]+="$TMP/wrk/$v-$run.txt,"
            log "hits $v run $run: $(python3 "$PY/wrkstats.py" parse "$TMP/wrk/$v-$run.txt")"
        done
    done
    python3 "$PY/wrkstats.py" hits "${files[nginx]}" "${files[lb]}" "${files[direct]}" "${files[lbref]}" "${files[lbkong]}"
    for v in LBREF_PID LBKONG_PID KONG_PID REF_PID; do stop_pid "${!v}"; printf -v "$v" ''; done
}

phase_limit() {
    local key
    key=$(keys_cli create --name proof-limit --tier limited --json | json_field key)
    curl -s -o /dev/null -H "Authorization: Bearer $key" "$LB$HIT_PATH"   # the first admitted request, and the key cached
    sleep "$(python3 -c "print($LIMIT_PERIOD_S / $LIMIT_N * 1.5)")"   # …and its token back
    timeout 120 python3 "$PY/fleet.py" limit "$LB_PORT" "$key" "$HIT_PATH" "$LIMIT_N" "$LIMIT_PERIOD_S" "$BURST" "$STEADY_RPS" "$STEADY_S" \
        || row R1 "limit accuracy" "harness error" "exactly the limit" false "fleet.py limit failed"
}

phase_revoke() {
    local created key id
    created=$(keys_cli create --name proof-revoke --tier internal --json)
    key=$(json_field key <<<"$created") id=$(json_field id <<<"$created")
    timeout 60 python3 "$PY/fleet.py" revoke "$BOOTSTRAP_KEY" "$key" "$id" "${GW_PORTS[1]},${GW_PORTS[2]},${GW_PORTS[3]}" \
        || row R6 "revocation" "harness error" "≤ 1 s" false "fleet.py revoke failed"
}

phase_stampede() {
    timeout 120 python3 "$PY/fleet.py" stampede "$LB_PORT" "$BOOTSTRAP_KEY" "$STAMPEDE" \
        "$TMP/logs/engine-1.log,$TMP/logs/engine-2.log,$TMP/logs/engine-3.log" \
        || row P4 "stampede" "harness error" "exactly 1" false "fleet.py stampede failed"
}

phase_slow() {  # two rounds: wrk alone, then wrk while SLOW_CLIENTS slow connections are held (R7)
    local url="http://$HOST:${GW_PORTS[1]}$HIT_PATH" slow_pid round bases="" loadeds=""
    # A warm entry first (run alone, PHASES=slow would otherwise time one engine call in its first "alone" round).
    warm_hit "$url"
    for round in 1 2; do
        TAGPULSE_BENCH_KEY=$HIT_KEY wrk -t1 -c8 -d5s --latency -s "$ROOT/bench/cache-hit/scripts/auth.lua" "$url" >"$TMP/wrk/slow-base-$round.txt"
        python3 "$PY/slowloris.py" "$HOST" "${GW_PORTS[1]}" "$SLOW_CLIENTS" 13 "$TMP/slowloris-$round.json" &
        slow_pid=$!
        BG_PIDS+=("$slow_pid")
        sleep 4   # every slow connection open and trickling
        TAGPULSE_BENCH_KEY=$HIT_KEY wrk -t1 -c8 -d8s --latency -s "$ROOT/bench/cache-hit/scripts/auth.lua" "$url" >"$TMP/wrk/slow-loaded-$round.txt"
        wait "$slow_pid" || true
        bases+="$TMP/wrk/slow-base-$round.txt," loadeds+="$TMP/wrk/slow-loaded-$round.txt,"
    done
    python3 "$PY/wrkstats.py" slow "$bases" "$loadeds" "$TMP/slowloris-1.json,$TMP/slowloris-2.json" \
        || row R7 "slow clients" "harness error" "≤ 2×" false "see the log"
}

phase_hostile() {
    timeout 300 python3 "$PY/hostile.py" "${GW_PORTS[3]}" "$BOOTSTRAP_KEY" "$TMP/hostile.json" \
        || row R8 "hostile requests" "harness error" "4xx problem+json" false "hostile.py failed"
    kill -0 "${GATEWAY_PIDS[3]}" 2>/dev/null || row R8 "gateway 3 after the hostile requests" "dead" "alive" false "$(tail -5 "$TMP/logs/gateway-3.log")"
}

redis_command_stats() {  # file: Redis's INFO commandstats (calls per command so far)
    redis-cli -h "$HOST" -p "$REDIS_PORT" INFO commandstats >"$1"
}

tenant_wrk() {  # key seconds out: the normal tenant (bench/proof/tenant.lua) on gateway 3
    TAGPULSE_BENCH_KEY=$1 wrk -t1 -c"$R9_CONNECTIONS" -d"$2s" --latency -s "$HERE/tenant.lua" "http://$HOST:${GW_PORTS[3]}" >"$3"
}

attack_in_background() {  # gateway seconds out.json tenants.py-options…: the hostile tenants on that gateway; sets ATTACK_PID
    R9_CONNECTIONS=$R9_CONNECTIONS timeout $(($2 + 30)) python3 "$PY/tenants.py" attack "${GW_PORTS[$1]}" "$ATTACKER_KEY" "$HIT_PATH" \
        "$2" "$3" "${@:4}" >"$3.log" 2>&1 &
    ATTACK_PID=$!
    BG_PIDS+=("$ATTACK_PID")
}

phase_tenants() {  # R9: hostile tenants on gateway 3 at once, while a normal tenant (its own key) does cache hits there
    local tenant big key vmhwm round
    # Gateway 3 for this phase: a small instance (http.max_in_flight R9_MAX_IN_FLIGHT, the per-client cap at its
    # default quarter) so that the slow bodies alone would hold more than all of it without the per-client cap.
    stop_pid "${GATEWAY_PIDS[3]}"
    start_gateway 3 TAGPULSE_HTTP_MAX_IN_FLIGHT="$R9_MAX_IN_FLIGHT" TAGPULSE_HTTP_MAX_IN_FLIGHT_PER_CLIENT=$((R9_MAX_IN_FLIGHT / 4)) \
        TAGPULSE_CACHE_HOT_MAX_BYTES="$R9_HOT_MAX_BYTES" TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS=0
    tenant=$(keys_cli create --name proof-tenant --tier internal --json | json_field key)
    ATTACKER_KEY=$(keys_cli create --name proof-attacker --tier internal --json | json_field key)
    big=$(keys_cli create --name proof-attacker-big --tier internal --json | json_field key)
    for key in "$tenant" "$ATTACKER_KEY" "$big"; do   # the entry cached, the keys known to gateway 3
        curl -s -o /dev/null --max-time 30 -H "Authorization: Bearer $key" "http://$HOST:${GW_PORTS[3]}$HIT_PATH"
    done
    tenant_wrk "$tenant" 2 /dev/null   # warm-up
    # 1. R9_ROUNDS rounds of: the normal tenant alone, then under every attack at once (started 3 s before: slow
    #    connections open, the flood past its address's allowance); Redis's counters around round 1
    for round in $(seq "$R9_ROUNDS"); do
        [ "$round" = 1 ] && redis_command_stats "$TMP/r9-redis-0.txt"
        tenant_wrk "$tenant" "$R9_SECONDS" "$TMP/r9-alone-$round.txt"
        [ "$round" = 1 ] && redis_command_stats "$TMP/r9-redis-1.txt"
        attack_in_background "$R9_ATTACK_GATEWAY" $((R9_SECONDS + 6)) "$TMP/r9-attack-$round.json" --slow "$R9_SLOW" \
            --flood "$R9_FLOOD" --flood-from "$R9_FLOOD_FROM" --big-mb "$R9_BIG_MB" --big-key "$big"
        sleep 3
        tenant_wrk "$tenant" "$R9_SECONDS" "$TMP/r9-loaded-$round.txt"
        wait "$ATTACK_PID" || true
        [ "$round" = 1 ] && redis_command_stats "$TMP/r9-redis-2.txt"
    done
    # 2. what a bad-key flood costs Redis, alone (from an address of its own, nothing else sending)
    sleep 1
    redis_command_stats "$TMP/r9-redis-3.txt"
    attack_in_background 3 4 "$TMP/r9-flood.json" --parts flood --flood $((R9_FLOOD / 3)) --flood-from 127.0.0.3
    wait "$ATTACK_PID" || true
    redis_command_stats "$TMP/r9-redis-4.txt"
    # 3. the normal tenant sharing the flood's address (NAT, a proxy whose X-Forwarded-For is not trusted), for
    #    longer than its key's cache lifetime (auth.cache_ttl_ms, 5 s)
    attack_in_background 3 $((R9_SECONDS + 2)) "$TMP/r9-shared-flood.json" --parts flood --flood $((R9_FLOOD / 2)) --flood-from "$HOST"
    sleep 1
    tenant_wrk "$tenant" "$R9_SECONDS" "$TMP/r9-shared.txt"
    wait "$ATTACK_PID" || true
    vmhwm=$(peak_rss_kb "${GATEWAY_PIDS[3]}")
    log "tenants: alone $(python3 "$PY/wrkstats.py" parse "$TMP/r9-alone-1.txt"), attacked $(python3 "$PY/wrkstats.py" parse "$TMP/r9-loaded-1.txt")"
    if [ -s "$TMP/r9-attack-$R9_ROUNDS.json" ] && [ -s "$TMP/r9-flood.json" ] && [ -s "$TMP/r9-shared-flood.json" ]; then
        python3 "$PY/tenants.py" report "$TMP" "${vmhwm:-0}" "$R9_HOT_MAX_BYTES" \
            || row R9 "hostile tenants" "harness error" "see TARGETS" false "tenants.py report failed"
    else
        row R9 "hostile tenants" "harness error" "see TARGETS" false "$(tail -3 "$TMP"/r9-*.json.log)"
    fi
    kill -0 "${GATEWAY_PIDS[3]}" 2>/dev/null || row R9 "gateway 3 after the hostile tenants" "dead" "alive" false "$(tail -5 "$TMP/logs/gateway-3.log")"
    stop_pid "${GATEWAY_PIDS[3]}"
    start_gateway 3   # back to the fleet's settings for the phases after this one
}

load_in_background() {  # duration out streams…: starts load.py, sets LOAD_PID
    python3 "$PY/load.py" --duration "$1" --out "$2" --run-id "$STAMP-$RANDOM" "${@:3}" &
    LOAD_PID=$!
    BG_PIDS+=("$LOAD_PID")
}

phase_engine() {
    local kill_at restart_at
    load_in_background $((ENGINE_OUTAGE_S + 9)) "$TMP/engine-timeline.json" \
        --stream "hits:$HOST:$LB_PORT:16:hit" --stream "probe:$HOST:${GW_PORTS[1]}:1:miss:50"
    sleep 3
    kill_at=$(now)
    kill -KILL "${ENGINE_PIDS[1]}"
    wait "${ENGINE_PIDS[1]}" 2>/dev/null || true
    sleep "$ENGINE_OUTAGE_S"
    start_engine 1
    restart_at=$(now)
    wait "$LOAD_PID" || true
    printf '{"kill": %s, "restart": %s, "alive": "%s"}\n' "$kill_at" "$restart_at" "$(fleet_alive)" >"$TMP/engine-events.json"
    python3 "$PY/chaos.py" engine "$TMP/engine-timeline.json" "$TMP/engine-events.json" \
        || row R3 "engine killed" "harness error" "see TARGETS" false "chaos.py engine failed"
}

phase_sigterm() {
    local term_at exited_at code=0 pid=${GATEWAY_PIDS[2]} retried
    load_in_background $((DRAIN_DELAY_MS / 1000 + 9)) "$TMP/sigterm-timeline.json" \
        --stream "hits:$HOST:$LB_PORT:12:hit" --stream "misses:$HOST:$LB_PORT:4:miss"
    sleep 3
    term_at=$(now)
    kill -TERM "$pid"
    for _ in $(seq $(( (DRAIN_DELAY_MS + GRACE_PERIOD_MS) / 100 + 50 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { log "gateway 2 still running 5 s past its grace period: SIGKILL"; kill -KILL "$pid"; }
    wait "$pid" || code=$?
    exited_at=$(now)
    wait "$LOAD_PID" || true
    sleep 1.2   # nginx flushes its access log every second
    retried=$(awk -v t="$term_at" '$1 >= t && $3 ~ /,/' "$TMP/lb/logs/access.log" | wc -l)
    printf '{"term": %s, "exited": %s, "exit_code": %s, "drain_keys": "%s; nginx retried %s requests on another gateway"}\n' \
        "$term_at" "$exited_at" "$code" "$DRAIN_KEYS" "$retried" >"$TMP/sigterm-events.json"
    python3 "$PY/chaos.py" sigterm "$TMP/sigterm-timeline.json" "$TMP/sigterm-events.json" \
        || row R5 "SIGTERM" "harness error" "0" false "chaos.py sigterm failed"
    start_gateway 2
}

phase_redis() {
    local kill_at back_at
    load_in_background $((REDIS_OUTAGE_S + 12)) "$TMP/redis-timeline.json" --stream "hits:$HOST:$LB_PORT:16:hit"
    sleep 4
    kill_at=$(now)
    kill -KILL "$REDIS_PID"
    wait "$REDIS_PID" 2>/dev/null || true
    sleep "$REDIS_OUTAGE_S"
    start_redis "$REDIS_PORT" "$TMP/redis" --appendonly yes
    back_at=$(now)
    wait "$LOAD_PID" || true
    printf '{"kill": %s, "back": %s, "deadline_ms": %s, "mode": "local", "alive": "%s"}\n' \
        "$kill_at" "$back_at" "$REQUEST_TIMEOUT_MS" "$(fleet_alive)" >"$TMP/redis-events.json"
    python3 "$PY/chaos.py" redis "$TMP/redis-timeline.json" "$TMP/redis-events.json" \
        || row R2 "Redis killed" "harness error" "see TARGETS" false "chaos.py redis failed"
}
