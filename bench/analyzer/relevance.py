#!/usr/bin/env python3
"""Relevance of comments to prompts: `tagpulse relevance` against the hand-labelled pairs in relevance/pairs.tsv.

Precision and recall of "kept" (relevance >= 0.5) against the hand label, per prompt language and overall, and the
pairs/s of `tagpulse relevance`. Called by bench.py (its report gains a "Relevance" section); also runs alone:

    python3 bench/analyzer/relevance.py --tagpulse .build/release/tagpulse [--show-errors]
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = os.path.join(HERE, "relevance", "pairs.tsv")
HELDOUT = os.path.join(HERE, "relevance", "heldout.tsv")
LANGUAGES = ["en", "es", "pt", "fr", "de", "it"]


def load(path=PAIRS):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def score(tagpulse, rows):
    """The analyzer's answer for every pair, and the wall time of the one `tagpulse relevance` run."""
    text = "".join(f"{r['prompt']}\t{r['comment']}\n" for r in rows)
    start = time.perf_counter()
    done = subprocess.run([tagpulse, "relevance"], input=text.encode("utf-8"), capture_output=True, timeout=300, check=True)
    wall = time.perf_counter() - start
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    if len(answers) != len(rows):
        raise SystemExit(f"tagpulse relevance answered {len(answers)} lines for {len(rows)} pairs")
    return answers, wall


def prf(pairs):
    tp = sum(1 for gold, kept in pairs if gold and kept)
    fp = sum(1 for gold, kept in pairs if not gold and kept)
    fn = sum(1 for gold, kept in pairs if gold and not kept)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def report(tagpulse, show_errors=False):
    return table(tagpulse, PAIRS, "hand-labelled pairs", show_errors) + table(tagpulse, HELDOUT, "held-out pairs", show_errors)


def table(tagpulse, path, title, show_errors):
    rows = load(path)
    answers, wall = score(tagpulse, rows)
    by_language = {}
    for row, answer in zip(rows, answers):
        by_language.setdefault(row["language"], []).append((row["relevant"] == "1", answer["relevant"]))
    every = [pair for lang in LANGUAGES for pair in by_language.get(lang, [])]
    p_all, r_all, *_ = prf(every)
    en_p, en_r, *_ = prf(by_language.get("en", []))
    prompts = len({r["prompt"] for r in rows})
    out = [f"## Relevance to the prompt ({title})\n"]
    out.append(f"`bench/analyzer/relevance/{os.path.basename(path)}`: {len(rows)} (prompt, comment, relevant?) pairs labelled by "
               f"hand (see relevance/README.md), {prompts} prompts over the six languages, comments of the shipped corpus. A pair "
               "is kept when `tagpulse relevance` scores it ≥ 0.5. Targets: precision ≥ 0.8, recall ≥ 0.7, each language ≥ "
               "English − 0.1.\n")
    out.append("| prompt language | pairs (relevant) | precision | recall | TP / FP / FN | ≥ English − 0.1? |")
    out.append("|---|---|---|---|---|---|")
    for lang in LANGUAGES:
        pairs = by_language.get(lang, [])
        p, r, tp, fp, fn = prf(pairs)
        ok = p >= en_p - 0.1 and r >= en_r - 0.1
        out.append(f"| {lang} | {len(pairs)} ({sum(1 for g, _ in pairs if g)}) | {p:.3f} | {r:.3f} | {tp} / {fp} / {fn} | {'yes' if ok else 'no'} |")
    _, _, tp, fp, fn = prf(every)
    out.append(f"| all | {len(every)} ({sum(1 for g, _ in every if g)}) | {p_all:.3f} | {r_all:.3f} | {tp} / {fp} / {fn} | |")
    out.append("")
    out.append(f"Verdicts: precision ≥ 0.8: {'met' if p_all >= 0.8 else 'NOT met'}; recall ≥ 0.7: {'met' if r_all >= 0.7 else 'NOT met'}. "
               f"`tagpulse relevance` (one process, start-up included): {len(rows) / wall:,.0f} pairs/s.\n")
    if show_errors:
        for row, answer in zip(rows, answers):
            if (row["relevant"] == "1") != answer["relevant"]:
                kind = "FN" if row["relevant"] == "1" else "FP"
                print(f"{kind} {os.path.basename(path)} {row['language']} {answer['relevance']:.3f} | {row['prompt']} | {row['comment']} | "
                      f"{answer['aspects']} {answer['keywords']} -> {answer['comment_aspects']} {answer['theme']}", file=sys.stderr)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tagpulse", required=True)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    print("\n".join(report(args.tagpulse, args.show_errors)))


if __name__ == "__main__":
    main()
