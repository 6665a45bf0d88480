#!/usr/bin/env python3
"""CPU µs per request from a `perf script` text (call graphs, leaf first): all samples, user-space samples (the leaf
frame is not the kernel's), and both again for samples whose stack holds `HitFrontHandler`.

Usage: perf-ab.py perf.txt requests frequency
       perf-ab.py --summary runs.txt    (the lines perf-ab.sh printed: each gateway's median, lower quartile, range)
"""
import re
import statistics
import sys


def summary(path: str) -> None:
    columns = ["all", "user", "front", "front-user"]
    runs: dict[str, list[dict[str, float]]] = {}
    for line in open(path, errors="replace"):
        fields = line.split()
        if len(fields) < 3 or fields[1] != "run":
            continue
        values = {name: float(fields[fields.index(name) + 1]) for name in columns if name in fields}
        runs.setdefault(fields[0], []).append(values)
    print("\nµs per request over the runs: median (lower quartile; range)")
    for name, rows in runs.items():
        parts = []
        for column in columns:
            figures = sorted(row[column] for row in rows if column in row)
            if not figures:
                continue
            median = statistics.median(figures)
            parts.append(f"{column} {median:6.2f} ({figures[len(figures) // 4]:.2f}; {figures[0]:.2f}–{figures[-1]:.2f})")
        print(f"{name:<12} {len(rows)} runs  " + "  ".join(parts))


def main() -> None:
    if sys.argv[1] == "--summary":
        summary(sys.argv[2])
        return
    path, requests, frequency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    counts = {"all": 0, "user": 0, "front": 0, "front-user": 0}
    stack: list[tuple[str, str]] = []

    def flush() -> None:
        if not stack:
            return
        user = "kernel" not in stack[0][1]
        front = any("HitFrontHandler" in symbol for symbol, _ in stack)
        counts["all"] += 1
        counts["user"] += user
        counts["front"] += front
        counts["front-user"] += front and user

    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if not line.strip():
            flush()
            stack = []
            continue
        if line[0] not in " \t":
            stack = []
            continue
        parts = line.strip().split(None, 1)
        if len(parts) < 2:
            continue
        match = re.match(r"(.*?) \((.*)\)$", parts[1])
        stack.append((match.group(1), match.group(2)) if match else (parts[1], ""))
    flush()
    scale = 1e6 / frequency / max(requests, 1)
    print("  ".join(f"{name} {count * scale:6.2f}" for name, count in counts.items()) + f" µs/req ({counts['all']} samples)")


if __name__ == "__main__":
    main()
