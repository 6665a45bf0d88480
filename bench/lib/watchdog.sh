# Shared by the bench scripts: a bound on a whole run.
#
# start_watchdog SECONDS: SIGTERM the calling script after SECONDS; its INT/TERM and EXIT traps then stop what it
# started. Sets WATCHDOG to the watchdog's pid (kill it in the cleanup trap).
start_watchdog() {
    local limit=$1
    (
        trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
        sleep "$limit" &
        sleeper=$!
        wait "$sleeper"
        echo "$(basename "$0"): MAX_TOTAL=${limit}s exceeded, stopping" >&2
        kill -TERM $$
    ) &
    WATCHDOG=$!
}
