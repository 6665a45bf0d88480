#!/bin/sh
# The image's HEALTHCHECK: finds which TagPulse process this container runs and asks it.
#   gateway  GET /readyz on its HTTP port: 200 only when Redis and its engine answer and it is not draining.
#   engine   a `ping` over its Unix socket, in the wire format (4-byte big-endian length, then the JSON object).
#   other    (the command line, a shell) healthy: nothing to ask.
set -eu

role=
for cmdline in /proc/[0-9]*/cmdline; do
    argv0=$(tr '\000' '\n' <"$cmdline" 2>/dev/null | head -n 1) || continue
    case "${argv0##*/}" in
    tagpulse-gateway) role=gateway && break ;;
    tagpulse-engine) role=engine && break ;;
    esac
done

case "$role" in
gateway)
    exec curl --fail --silent --show-error --max-time 3 --output /dev/null \
        "http://127.0.0.1:${TAGPULSE_HTTP_PORT:-8080}/readyz"
    ;;
engine)
    request='{"v":1,"id":"healthcheck","method":"ping"}'
    length=$(printf '%s' "$request" | wc -c)
    # Close after the one reply (-W 1) or 3 s idle (-w 3); the reply is `{"v":1,"id":"healthcheck","ok":true,…}`.
    { printf "\\000\\000\\000\\$(printf '%03o' "$length")" && printf '%s' "$request"; } |
        nc -U -W 1 -w 3 "${TAGPULSE_ENGINE_SOCKET:-/run/tagpulse/engine.sock}" | grep -aq '"ok":true'
    ;;
*) exit 0 ;;
esac
