#!/usr/bin/env python3
"""Top functions of a `perf script` text (call graphs, leaf first): self share (leaf) and inclusive share (anywhere
on the stack, counted once per sample). Names are shortened demangled-ish Swift symbols.

Usage: perf-top.py perf.txt [N] [FILTER]   — FILTER keeps only samples whose stack holds that substring.
"""
import collections
import re
import sys


def frame_name(line: str) -> str:
    parts = line.split(None, 1)
    name = parts[1] if len(parts) > 1 else line
    name = re.sub(r"\+0x[0-9a-f]+.*$", "", name)
    name = re.sub(r"\s*\(.*\)$", "", name)
    return name[:110]


def main() -> None:
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    keep = sys.argv[3] if len(sys.argv) > 3 else None
    leaf: collections.Counter[str] = collections.Counter()
    incl: collections.Counter[str] = collections.Counter()
    total = 0
    for stack in open(path, encoding="utf-8", errors="replace").read().split("\n\n"):
        lines = [line.strip() for line in stack.strip().split("\n")[1:] if line.strip()]
        if not lines or (keep and not any(keep in l for l in lines)):
            continue
        total += 1
        names = [frame_name(l) for l in lines]
        leaf[names[0]] += 1
        for n in set(names):
            incl[n] += 1
    print(f"{total} samples")
    print("-- self")
    for n, c in leaf.most_common(top):
        print(f"{100 * c / total:6.1f}%  {n}")
    print("-- inclusive")
    for n, c in incl.most_common(top):
        print(f"{100 * c / total:6.1f}%  {n}")


if __name__ == "__main__":
    main()
