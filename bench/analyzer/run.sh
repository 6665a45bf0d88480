#!/usr/bin/env bash
# Local analyzer vs Python's vaderSentiment (TARGETS P6) on the real labelled posts in ../shared/eval/sentiment/.
# See bench/analyzer/README.md.
#
#   bench/analyzer/run.sh                              # build (release), run, write bench/analyzer/results/<timestamp>.md
#   TAGPULSE_BENCH_SKIP_BUILD=1 bench/analyzer/run.sh  # use the release binary already built
#   TAGPULSE_EVAL_DIR=/path/to/eval/sentiment bench/analyzer/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

eval_dir="${TAGPULSE_EVAL_DIR:-$root/../shared/eval/sentiment}"
limit_s="${TAGPULSE_BENCH_TIME_LIMIT_S:-1500}" # the whole benchmark is stopped after this

command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }
[[ -f "$eval_dir/xlmt-english-val-text.txt" ]] || { echo "no labelled posts in $eval_dir" >&2; exit 1; }

if ! python3 -c 'import vaderSentiment' 2>/dev/null; then
    echo "== pip install vaderSentiment" >&2
    timeout 600 python3 -m pip install --quiet vaderSentiment >&2
fi

if [[ "${TAGPULSE_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    echo "== swift build -c release (shared .build; may wait for another build's lock)" >&2
    timeout 2400 swift build -c release >&2
fi
tagpulse="$(swift build -c release --show-bin-path)/tagpulse"
[[ -x "$tagpulse" ]] || { echo "no tagpulse binary at $tagpulse" >&2; exit 1; }

work="$(mktemp -d /tmp/tagpulse-bench-analyzer.XXXXXX)"
driver_pid=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [[ -n "$driver_pid" ]] && kill "$driver_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT INT TERM

echo "== tagpulse $tagpulse, posts from $eval_dir" >&2
timeout "$limit_s" python3 "$here/bench.py" --tagpulse "$tagpulse" --eval-dir "$eval_dir" --work "$work" \
    --results-dir "$here/results" &
driver_pid=$!
wait "$driver_pid"
