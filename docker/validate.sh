#!/usr/bin/env bash
# Checks docker/ without a Docker engine (none runs on the developers' or CI's machines); scripts/test runs it.
#   - the two container scripts parse (sh -n);
#   - `docker compose config -q`, where the compose plugin exists;
#   - docker/validate.py: compose.yaml's structure and gateway+engine pairs, its `cluster` profile, the files and volumes it refers to,
#     haproxy.cfg and prometheus.yml against it, the Dockerfile against Package.swift, and the dashboard's
#     metrics against the gateway's (PyYAML, installed with pip, or Debian's python3-yaml, when missing);
#   - `haproxy -c` (Debian's haproxy, installed when missing);
#   - `promtool check config` and `promtool check rules` on the dashboard's queries (PromQL syntax), with
#     promtool from PATH or else taken out of Debian's prometheus package (downloaded once, never installed).
# Needs no internet beyond Debian's and PyPI's packages. Exits non-zero on the first failing check.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tagpulse-docker-validate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

log "docker/: container scripts"
sh -n docker/entrypoint.sh
sh -n docker/healthcheck.sh

if docker compose version >/dev/null 2>&1; then
    log "docker/: docker compose config"
    # The secrets compose requires: random placeholders here, never used to run anything.
    placeholder=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    TAGPULSE_BOOTSTRAP_KEY=${TAGPULSE_BOOTSTRAP_KEY:-$placeholder} \
        TAGPULSE_REDIS_PASSWORD=${TAGPULSE_REDIS_PASSWORD:-$placeholder} \
        docker compose -f docker/compose.yaml config -q
    TAGPULSE_BOOTSTRAP_KEY=${TAGPULSE_BOOTSTRAP_KEY:-$placeholder} \
        TAGPULSE_REDIS_PASSWORD=${TAGPULSE_REDIS_PASSWORD:-$placeholder} \
        TAGPULSE_REDIS_CLUSTER_NODES=redis-node-1:6379,redis-node-2:6379,redis-node-3:6379 \
        docker compose -f docker/compose.yaml --profile cluster config -q
fi

if ! python3 -c 'import yaml' 2>/dev/null; then
    log "docker/: installing PyYAML"
    python3 -m pip install --quiet pyyaml 2>/dev/null ||
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null
fi
log "docker/: structure (docker/validate.py)"
python3 docker/validate.py "$WORK/dashboard-rules.yml"

if ! command -v haproxy >/dev/null 2>&1; then
    log "docker/: installing haproxy (Debian) for its configuration check"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null
fi
log "docker/: haproxy -c"
# The gateways' names resolve only inside compose's network: those warnings are expected, any other one fails.
haproxy -c -f docker/haproxy.cfg >"$WORK/haproxy.out" 2>&1 || { cat "$WORK/haproxy.out" >&2; exit 1; }
if grep -E 'WARNING|ALERT' "$WORK/haproxy.out" | grep -vq 'could not resolve address'; then
    cat "$WORK/haproxy.out" >&2
    exit 1
fi

# promtool: on PATH, or extracted once from Debian's prometheus package into the user's cache.
PROMTOOL=$(command -v promtool || true)
CACHED="${XDG_CACHE_HOME:-$HOME/.cache}/tagpulse/prometheus-deb"
if [ -z "$PROMTOOL" ] && [ -x "$CACHED/usr/bin/promtool" ]; then PROMTOOL="$CACHED/usr/bin/promtool"; fi
if [ -z "$PROMTOOL" ] && command -v apt-get >/dev/null 2>&1; then
    log "docker/: fetching promtool from Debian's prometheus package (once)"
    if (cd "$WORK" && apt-get download -qq prometheus >/dev/null 2>&1) ||
        { as_root apt-get update -qq >/dev/null 2>&1 && (cd "$WORK" && apt-get download -qq prometheus >/dev/null 2>&1); }; then
        mkdir -p "$CACHED"
        dpkg-deb -x "$WORK"/prometheus_*.deb "$CACHED"
        PROMTOOL="$CACHED/usr/bin/promtool"
    fi
fi
if [ -n "$PROMTOOL" ]; then
    log "docker/: promtool check config, check rules (the dashboard's queries)"
    "$PROMTOOL" check config --syntax-only docker/prometheus.yml
    "$PROMTOOL" check rules "$WORK/dashboard-rules.yml"
else
    log "docker/: promtool unavailable: prometheus.yml checked as YAML only, PromQL not parsed"
fi
log "docker/: all checks passed"
