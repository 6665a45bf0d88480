#!/usr/bin/env python3
"""CPU µs per request from a `perf script` text (call graphs, leaf first): all samples, user-space samples (the leaf
frame is not the kernel's), and both again for samples whose stack holds `HitFrontHandler`.

Usage: perf-ab.py perf.txt requests frequency
"""
import re
import sys


def main() -> None:
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
