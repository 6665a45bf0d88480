# Shared by scripts/run, scripts/test and .ci/run. Source it; it defines functions only.

TAGPULSE_APT_PACKAGES=(redis-server libhiredis-dev libcurl4-openssl-dev zlib1g-dev pkg-config curl python3)

log() { printf '\033[1m[tagpulse]\033[0m %s\n' "$*" >&2; }

# Installs the Debian packages the build and the local stack need, if any is missing.
ensure_packages() {
    local missing=() extra=("$@")
    for package in "${TAGPULSE_APT_PACKAGES[@]}" "${extra[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to run: apt-get install -y ${missing[*]}"; return 1; }
        sudo="sudo"
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# Starts redis-server with redis/redis.conf on 127.0.0.1:$1, data in $2, as a child of the calling shell (so
# `wait` works on it), and sets REDIS_PID; any further arguments are redis-server options (e.g. --appendonly yes).
# Call it directly, not inside $(...).
start_redis() {
    local port=$1 dir=$2
    mkdir -p "$dir"
    redis-server "$(pwd)/redis/redis.conf" --port "$port" --dir "$dir" --daemonize no \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "${@:3}" >/dev/null 2>&1 &
    REDIS_PID=$!
    for _ in $(seq 1 100); do
        redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && return 0
        kill -0 "$REDIS_PID" 2>/dev/null || break
        sleep 0.1
    done
    log "redis-server did not start on port $port; its log:"
    cat "$dir/redis.log" >&2 || true
    return 1
}

stop_pid() {
    local pid=$1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

# Prints the first of six consecutive free ports on 127.0.0.1 whose cluster bus ports (+10000) are free too, for
# start_redis_cluster; fails after 50 tries.
free_cluster_base() {
    local candidate
    for _ in $(seq 1 50); do
        candidate=$((20000 + RANDOM % 20000))
        python3 - "$candidate" <<'PY' 2>/dev/null && { echo "$candidate"; return 0; }
import socket, sys
base = int(sys.argv[1])
sockets = []
for port in [p for b in range(6) for p in (base + b, base + b + 10000)]:
    s = socket.socket(); s.bind(("127.0.0.1", port)); sockets.append(s)
PY
    done
    return 1
}

# Starts a Redis Cluster of 3 masters + 3 replicas on 127.0.0.1, ports $1..$1+5, data under $2 (one directory per
# node), and sets REDIS_CLUSTER_PIDS and REDIS_CLUSTER_NODES (the seed list, "127.0.0.1:P1,…"). Waits until every
# slot is served (cluster_state:ok). Call it directly, not inside $(...).
start_redis_cluster() {
    local base=$1 dir=$2 port nodes=() seeds=()
    REDIS_CLUSTER_PIDS=()
    for offset in 0 1 2 3 4 5; do
        port=$((base + offset))
        mkdir -p "$dir/$port"
        redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$dir/$port/nodes.conf" \
            --cluster-node-timeout 2000 --save '' --appendonly no --dir "$dir/$port" --daemonize no \
            --logfile "$dir/$port/redis.log" >/dev/null 2>&1 &
        REDIS_CLUSTER_PIDS+=($!)
        nodes+=("127.0.0.1:$port")
    done
    for port in $(seq "$base" $((base + 5))); do
        for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 || {
        log "redis-cli --cluster create failed:"; cat "$dir/create.log" >&2; return 1; }
    for _ in $(seq 1 100); do
        redis-cli -p "$base" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
        sleep 0.1
    done
    # Replicas attach asynchronously; tests that kill a master need them in sync.
    for _ in $(seq 1 100); do
        [ "$(redis-cli -p "$base" cluster nodes | grep -c 'slave.*connected')" -ge 3 ] && break
        sleep 0.1
    done
    for port in $(seq "$base" $((base + 2))); do seeds+=("127.0.0.1:$port"); done
    REDIS_CLUSTER_NODES=$(IFS=,; echo "${seeds[*]}")
}

stop_redis_cluster() {
    local pid
    for pid in "${REDIS_CLUSTER_PIDS[@]:-}"; do stop_pid "$pid"; done
}

# Makes `promtool` (Prometheus's linter, for the test that runs `promtool check metrics` on both processes' metrics)
# available and exports TAGPULSE_PROMTOOL. One on PATH is used as is; else it is unpacked from Debian's `prometheus`
# package into .build/tools (installing the package would also install and start a Prometheus server, and pull in
# its web assets: only the one binary is needed). Fails when it cannot be had, so CI never skips that test silently.
ensure_promtool() {
    if command -v promtool >/dev/null 2>&1; then
        TAGPULSE_PROMTOOL=$(command -v promtool)
        export TAGPULSE_PROMTOOL
        return 0
    fi
    local dir
    dir="$(pwd)/.build/tools"
    if [ ! -x "$dir/usr/bin/promtool" ]; then
        log "unpacking promtool from Debian's prometheus package into .build/tools"
        rm -rf "$dir/deb" && mkdir -p "$dir/deb"
        # apt-get download needs the package lists; an update once if it does not find the package.
        (cd "$dir/deb" && { apt-get download prometheus >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null 2>&1 && apt-get download prometheus >/dev/null 2>&1; }; }) \
            || { log "could not download Debian's prometheus package (for promtool)"; return 1; }
        dpkg-deb --fsys-tarfile "$dir"/deb/prometheus_*.deb | tar -x -C "$dir" ./usr/bin/promtool
        rm -rf "$dir/deb"
    fi
    TAGPULSE_PROMTOOL="$dir/usr/bin/promtool"
    export TAGPULSE_PROMTOOL
    "$TAGPULSE_PROMTOOL" --version >/dev/null 2>&1 || { log "promtool does not run: $TAGPULSE_PROMTOOL"; return 1; }
}

# Makes a stored API key (scope analyze) through a gateway's admin API and prints it: what clients present, unlike
# the bootstrap key. create_key BASE_URL ADMIN_KEY NAME TIER (NAME is also the key's client).
create_key() {
    curl -sS --max-time 10 "$1/v1/admin/keys" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$3\",\"client\":\"$3\",\"tier\":\"$4\",\"scopes\":[\"analyze\"]}" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])'
}
