# Measures where a machine's CPU went during a benchmark run (bench/http-layer/scripts/cpu-load.py `watch`) without
# disturbing the run: the sampler (and its Python interpreter, ≈ 0.1 s of CPU to start) is up before the load starts.
# Measured 2026-12-07 (exact-mode cache hits, 2 CPUs): starting Python one second into the run and a `pgrep` every
# second during it took the p99 from 0.96-1.18 ms to 1.69-1.95 ms with the same req/s; what is left during the run
# is two scans of /proc (≈ 2.3 ms of CPU each).
#
#   start_cpu_sampler ROOT_PID DELAY SECONDS OUT_FILE [SPLIT_FILE]   sets CPU_SAMPLER_PID; returns once it is ready
#   ... start the load ...
#   wait "$CPU_SAMPLER_PID"; read -r foreign compiler <OUT_FILE
#
# OUT_FILE gets "FOREIGN COMPILER": the share of the machine (0-100) that processes other than ROOT_PID's
# descendants used over the SECONDS that start DELAY seconds after the load, and 1 when a compiler process was alive
# at either end of that window (its CPU in between counts as foreign). SPLIT_FILE: see cpu-load.py.
CPU_LOAD_PY="$(cd "$(dirname "${BASH_SOURCE[0]}")/../http-layer/scripts" && pwd)/cpu-load.py"
start_cpu_sampler() {
    local out=$4 tries
    rm -f "$out" "$out.ready"
    python3 "$CPU_LOAD_PY" watch "$1" "$2" "$3" "$out" ${5:+"$5"} &
    CPU_SAMPLER_PID=$!
    for tries in $(seq 200); do
        [ -e "$out.ready" ] && break
        sleep 0.01
    done
    rm -f "$out.ready"
}
