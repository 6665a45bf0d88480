#!/bin/sh
# The image's entry point (run by tini): one image, every TagPulse process.
#   gateway [ARGS]               tagpulse-gateway (the default command)
#   engine [ARGS]                tagpulse-engine
#   keys|purge|warm|classify …   the `tagpulse` command line (`tagpulse …` works too)
#   anything else                run as given, e.g. `sh` for a look around
# Configuration is the environment (TAGPULSE_* variables, README "Configuration").
set -eu

command=${1:-gateway}
[ $# -gt 0 ] && shift
case "$command" in
gateway) exec tagpulse-gateway "$@" ;;
engine) exec tagpulse-engine "$@" ;;
keys | purge | warm | classify) exec tagpulse "$command" "$@" ;;
*) exec "$command" "$@" ;;
esac
