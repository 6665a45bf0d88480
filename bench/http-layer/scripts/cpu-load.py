#!/usr/bin/env python3
"""CPU used by processes that are not part of the benchmark, as a share of the whole machine (0-100).

  cpu-load.py busy SECONDS            all CPU busy during SECONDS (used while nothing of ours is loaded)
  cpu-load.py foreign ROOT SECONDS    CPU busy during SECONDS minus what ROOT's descendants used (servers, nginx
                                      workers, wrk): prints the rest, i.e. what someone else's work took
  cpu-load.py foreign ROOT SECONDS SPLIT_FILE   the same, and writes to SPLIT_FILE where the time went: the machine's
                                      idle share (0-100), the load generator's (processes named `wrk`) CPU as a share
                                      of one CPU (100 = one CPU saturated), the softirq share of the machine, then
                                      Redis's (`redis-server`) CPU and the servers' (`tagpulse-*`, `nginx`, `floor`), each as a
                                      share of one CPU, then the part of the servers' CPU spent in the kernel (system
                                      time: syscalls, and the loopback's TCP work done in the sender's context)

  cpu-load.py watch ROOT DELAY SECONDS OUT_FILE [SPLIT_FILE]
                                      `foreign` for a measurement about to start, without disturbing it: Python
                                      starts now (≈ 0.1 s of CPU), creates OUT_FILE.ready, sleeps DELAY, then
                                      measures over SECONDS and writes "FOREIGN COMPILER" to OUT_FILE (COMPILER 1 when
                                      a compiler process was alive at either end of the window; its CPU in between is
                                      foreign CPU) and the split to SPLIT_FILE. Start it, wait for OUT_FILE.ready, then
                                      start the load: the interpreter's start-up and a once-a-second `pgrep` during
                                      the run took a 2-CPU machine's cache-hit p99 from ≈ 1.1 ms to 1.7-1.95 ms
                                      (2026-12-07); what remains during the run is two scans of /proc (≈ 2.3 ms of CPU
                                      each).

Linux only (/proc). Short-lived processes (compiler jobs) are counted: the total comes from /proc/stat.
"""
import os
import sys
import time


def machine():
    """(busy, total, idle, softirq) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8]), idle, fields[6]


def command(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


COMPILERS = {"swift-build", "swift-frontend", "swiftc", "swift-driver"}


def processes(compilers=None):
    """pid -> (ppid, utime+stime, stime) for every live process. With a set `compilers`, adds the pids of compiler
    processes that are running, sleeping or waiting (not zombies) to it."""
    result = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2:].split()
        if compilers is not None and rest[0] in "RSD" and stat[stat.index("(") + 1:stat.rindex(")")] in COMPILERS:
            compilers.add(int(name))
        result[int(name)] = (int(rest[1]), int(rest[11]) + int(rest[12]), int(rest[12]))
    return result


def descendants(procs, root):
    children = {}
    for pid, (ppid, *_) in procs.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = set(), [root]
    while stack:
        pid = stack.pop()
        for child in children.get(pid, []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def main():
    mode = sys.argv[1]
    compilers = None
    out = None
    if mode == "watch":
        root, delay, seconds, out = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
        split = sys.argv[6] if len(sys.argv) > 6 else None
        compilers = set()
        open(out + ".ready", "w").close()
        time.sleep(delay)
    else:
        root = int(sys.argv[2]) if mode == "foreign" else None
        seconds = float(sys.argv[3] if mode == "foreign" else sys.argv[2])
        split = sys.argv[4] if mode == "foreign" and len(sys.argv) > 4 else None
    busy0, total0, idle0, soft0 = machine()
    procs0 = processes(compilers) if root else {}
    time.sleep(seconds)
    busy1, total1, idle1, soft1 = machine()
    ours = wrk = redis = servers = servers_system = 0
    if root:
        procs1 = processes(compilers)
        for pid in descendants(procs1, root):
            if pid in procs0 and pid in procs1:
                used = procs1[pid][1] - procs0[pid][1]
                ours += used
                name = command(pid)
                if name == "wrk":
                    wrk += used
                elif name == "redis-server":
                    redis += used
                elif name.startswith("tagpulse-") or name in ("nginx", "floor"):  # comm is cut at 15 characters
                    servers += used
                    servers_system += procs1[pid][2] - procs0[pid][2]
    total = max(total1 - total0, 1)
    foreign = f"{max(busy1 - busy0 - ours, 0) * 100 / total:.0f}"
    if out:
        with open(out, "w") as f:
            f.write(f"{foreign} {1 if compilers else 0}\n")
    else:
        print(foreign)
    if split:
        cpus = os.cpu_count() or 1
        with open(split, "w") as f:
            f.write(
                f"{(idle1 - idle0) * 100 / total:.0f} {wrk * 100 * cpus / total:.0f} {(soft1 - soft0) * 100 / total:.0f}"
                f" {redis * 100 * cpus / total:.1f} {servers * 100 * cpus / total:.1f}"
                f" {servers_system * 100 * cpus / total:.1f}\n"
            )


if __name__ == "__main__":
    main()
