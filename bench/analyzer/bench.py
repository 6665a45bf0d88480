#!/usr/bin/env python3
"""Local analyzer vs VADER (TARGETS P6), on the real labelled posts in ../shared/eval/sentiment/.

For each set: `tagpulse classify` (one text per stdin line -> one JSON object per stdout line) and Python's
vaderSentiment (compound >= 0.05 positive, <= -0.05 negative, else neutral) over the same decoded texts;
macro-F1 and macro-averaged recall over the three classes, and texts/s. Started by run.sh.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

import relevance

XLMT = ["english", "spanish", "portuguese", "french", "german", "italian"]
SETS = [(f"xlmt-{lang}-val", lang) for lang in XLMT] + [("tweeteval-val", "english (TweetEval)")]
CLASSES = {"negative": 0, "neutral": 1, "positive": 2}
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?")


def log(message):
    print(message, file=sys.stderr, flush=True)


def decode_escapes(text):
    """Literal `\\uXXXX` escapes (some English files have them) -> the characters; surrogate pairs combined,
    lone surrogates left as written. Line breaks produced by decoding become spaces (one text per line)."""

    def replace(match):
        high = int(match.group(1), 16)
        if 0xD800 <= high <= 0xDBFF and match.group(2):
            low = int(match.group(2), 16)
            return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        if 0xD800 <= high <= 0xDFFF:
            return match.group(0)
        return chr(high) + (("\\u" + match.group(2)) if match.group(2) else "")

    return ESCAPE.sub(replace, text).replace("\r", " ").replace("\n", " ")


def load(directory, name):
    with open(os.path.join(directory, f"{name}-text.txt"), "rb") as f:
        raw = f.read().decode("utf-8")
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    with open(os.path.join(directory, f"{name}-labels.txt")) as f:
        labels = [int(x) for x in f.read().split()]
    if len(lines) != len(labels):
        raise SystemExit(f"{name}: {len(lines)} texts but {len(labels)} labels")
    return [decode_escapes(line) for line in lines], labels


def macro_scores(predicted, gold):
    f1s, recalls = [], []
    for c in range(3):
        tp = sum(1 for p, g in zip(predicted, gold) if p == c and g == c)
        npred = sum(1 for p in predicted if p == c)
        ngold = sum(1 for g in gold if g == c)
        precision = tp / npred if npred else 0.0
        recall = tp / ngold if ngold else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        recalls.append(recall)
    return sum(f1s) / 3, sum(recalls) / 3


def run_classify(binary, input_path, output_path, timeout, jobs=None):
    """Runs `tagpulse classify [--jobs N] < input > output`; returns wall seconds (process start to exit, included).
    Without `jobs`, the default: one worker per core."""
    command = [binary, "classify"] + (["--jobs", str(jobs)] if jobs else [])
    with open(input_path, "rb") as stdin, open(output_path, "wb") as stdout:
        started = time.perf_counter()
        proc = subprocess.run(command, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout)
        wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"tagpulse classify exited {proc.returncode}: {proc.stderr.decode(errors='replace')[:2000]}")
    return wall


def write_lines(path, texts):
    with open(path, "wb") as f:
        f.write("".join(t + "\n" for t in texts).encode("utf-8"))


def read_sentiments(path, expected):
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != expected:
        raise SystemExit(f"tagpulse classify printed {len(lines)} lines for {expected} texts ({path})")
    return [CLASSES[json.loads(line)["sentiment"]] for line in lines]


def vader_label(compound):
    return 2 if compound >= 0.05 else (0 if compound <= -0.05 else 1)


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception as error:  # noqa: BLE001
        return f"({error})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tagpulse", required=True)
    parser.add_argument("--eval-dir", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--results-dir", required=True)
    parser.add_argument("--timing-lines", type=int, default=50_000, help="each set is repeated to at least this many lines for timing")
    parser.add_argument("--repeats", type=int, default=5, help="timings per set and tool (median)")
    parser.add_argument("--bulk-lines", type=int, default=100_000)
    args = parser.parse_args()

    import_started = time.perf_counter()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    vader_import_s = time.perf_counter() - import_started
    construct_started = time.perf_counter()
    vader = SentimentIntensityAnalyzer()
    vader_construct_s = time.perf_counter() - construct_started

    # Process start-up of `tagpulse classify` on empty input (median of 5), included in its timings below.
    empty = os.path.join(args.work, "empty.txt")
    write_lines(empty, [])
    startup_s = statistics.median(run_classify(args.tagpulse, empty, os.path.join(args.work, "empty.out"), 60, jobs=1) for _ in range(5))
    cores = os.cpu_count() or 1

    rows = []
    all_texts = []
    for name, language in SETS:
        texts, gold = load(args.eval_dir, name)
        all_texts += texts
        # Quality: one pass over the set.
        input_path = os.path.join(args.work, f"{name}.txt")
        output_path = os.path.join(args.work, f"{name}.out")
        write_lines(input_path, texts)
        run_classify(args.tagpulse, input_path, output_path, 300)
        tp_pred = read_sentiments(output_path, len(texts))
        vd_pred = [vader_label(vader.polarity_scores(t)["compound"]) for t in texts]
        tp_f1, tp_recall = macro_scores(tp_pred, gold)
        vd_f1, vd_recall = macro_scores(vd_pred, gold)
        # Speed: the same texts repeated to >= timing_lines, for both tools, median of `repeats`.
        copies = max(1, -(-args.timing_lines // len(texts)))
        timed = texts * copies
        timed_path = os.path.join(args.work, f"{name}.timed.txt")
        write_lines(timed_path, timed)
        # TagPulse twice: on one core (`--jobs 1`, like VADER's one Python thread: this decides P6) and as users
        # run it (the default, one worker per core).
        tp_walls, tp_all_walls, vd_walls = [], [], []
        timed_out = os.path.join(args.work, f"{name}.timed.out")
        for _ in range(args.repeats):
            tp_walls.append(run_classify(args.tagpulse, timed_path, timed_out, 600, jobs=1))
            read_sentiments(timed_out, len(timed))
            tp_all_walls.append(run_classify(args.tagpulse, timed_path, timed_out, 600))
            started = time.perf_counter()
            for t in timed:
                vader_label(vader.polarity_scores(t)["compound"])
            vd_walls.append(time.perf_counter() - started)
        read_sentiments(timed_out, len(timed))
        tp_rate = len(timed) / statistics.median(tp_walls)
        vd_rate = len(timed) / statistics.median(vd_walls)
        # Steady-state throughput, set-up excluded for both tools: VADER's import and construction are outside its
        # timing, so TagPulse's process start-up (measured on empty input) is taken out of its own.
        tp_steady = len(timed) / max(1e-6, statistics.median(tp_walls) - startup_s)
        tp_all_steady = len(timed) / max(1e-6, statistics.median(tp_all_walls) - startup_s)
        row = {
            "set": name,
            "language": language,
            "n": len(texts),
            "dist": [gold.count(c) for c in range(3)],
            "tp": (tp_recall, tp_f1, tp_rate),
            "tp_steady": tp_steady,
            "tp_all_steady": tp_all_steady,
            "vd": (vd_recall, vd_f1, vd_rate),
            "timed_lines": len(timed),
            "tp_walls": tp_walls,
            "vd_walls": vd_walls,
        }
        rows.append(row)
        log(
            f"{name}: n={len(texts)} tagpulse recall {tp_recall:.3f} F1 {tp_f1:.3f} {tp_rate:,.0f}/s | "
            f"vader recall {vd_recall:.3f} F1 {vd_f1:.3f} {vd_rate:,.0f}/s | speed {tp_steady / vd_rate:.1f}x steady on one core, "
            f"{tp_rate / vd_rate:.1f}x with start-up, {tp_all_steady / vd_rate:.1f}x steady on {cores} cores"
        )

    # Bulk: 100,000 lines (all the posts above, repeated) through `tagpulse classify`.
    bulk = (all_texts * (args.bulk_lines // len(all_texts) + 1))[: args.bulk_lines]
    bulk_path = os.path.join(args.work, "bulk.txt")
    write_lines(bulk_path, bulk)
    bulk_walls = [run_classify(args.tagpulse, bulk_path, os.path.join(args.work, "bulk.out"), 900) for _ in range(args.repeats)]
    read_sentiments(os.path.join(args.work, "bulk.out"), len(bulk))
    bulk_s = statistics.median(bulk_walls)
    log(f"bulk: {len(bulk):,} lines in {bulk_s:.3f} s (runs {', '.join(f'{w:.3f}' for w in bulk_walls)})")

    # Report.
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = [f"# Local analyzer vs VADER — {stamp}\n"]
    out.append("Real labelled posts from `../shared/eval/sentiment/` (validation splits; labels 0 negative, 1 neutral, 2 positive), ")
    out.append("literal `\\uXXXX` escapes decoded once, the same texts given to both. Quality: macro-averaged recall and ")
    out.append("macro-F1 over the three classes, one pass. Speed: each set repeated to ≥ "
               f"{args.timing_lines:,} lines, median of {args.repeats} timings; `tagpulse classify` timed as a whole process, "
               f"VADER in-process with its import ({vader_import_s * 1000:.0f} ms) and analyzer construction "
               f"({vader_construct_s * 1000:.0f} ms) excluded. The speed ratio that decides P6 (throughput in texts/s) is "
               "one core against one core (`tagpulse classify --jobs 1`; VADER is one Python thread) and steady state for "
               f"both: TagPulse's process start-up on empty input (≈ {startup_s * 1000:.0f} ms, median of 5) is taken "
               "out of its timing as VADER's set-up is out of its own; the ratio with TagPulse's start-up left in is shown "
               f"beside it, and so is the default `tagpulse classify` (one worker per core: {cores} here), what users get. "
               "VADER's thresholds: compound ≥ 0.05 positive, ≤ −0.05 negative, else neutral. The machine is shared and "
               "noisy: texts/s are indicative, the ratio measured in the same run is the figure.\n")
    out.append("Targets (P6): ≥ 10× VADER's speed; mean macro-F1 over the six xlmt languages ≥ 0.55; no language below VADER.\n")
    for row in rows:
        tr, tf, ts = row["tp"]
        vr, vf, vs = row["vd"]
        out.append(f"## {row['language']} — `{row['set']}`\n")
        out.append(f"| n (neg/neu/pos) | TagPulse macro-recall | TagPulse macro-F1 | TagPulse texts/s (1 core, steady) | VADER macro-recall | VADER macro-F1 | VADER texts/s | speed ratio, 1 core (≥ 10×) | with start-up | default, {cores} cores | recall better? | F1 better? |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        n = f"{row['n']} ({'/'.join(str(x) for x in row['dist'])})"
        out.append(
            f"| {n} | {tr:.3f} | {tf:.3f} | {row['tp_steady']:,.0f} | {vr:.3f} | {vf:.3f} | {vs:,.0f} | {row['tp_steady'] / vs:.1f}× | {ts / vs:.1f}× | {row['tp_all_steady'] / vs:.1f}× | "
            f"{'yes' if tr > vr else 'no'} ({tr - vr:+.3f}) | {'yes' if tf > vf else 'no'} ({tf - vf:+.3f}) |"
        )
        out.append("")
    xl = [r for r in rows if r["set"].startswith("xlmt-")]
    mean = lambda key, i: sum(r[key][i] for r in xl) / len(xl)  # noqa: E731
    out.append("## Mean over the six xlmt languages\n")
    out.append(f"| TagPulse macro-recall | TagPulse macro-F1 | TagPulse texts/s (1 core, steady, mean of sets) | VADER macro-recall | VADER macro-F1 | VADER texts/s (mean of sets) | speed ratio, 1 core | with start-up | default, {cores} cores | recall better? | languages where TagPulse F1 < VADER F1 |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    below = [r["language"] for r in xl if r["tp"][1] < r["vd"][1]]
    steady = sum(r["tp_steady"] for r in xl) / len(xl)
    ratio = steady / mean("vd", 2)
    all_ratio = sum(r["tp_all_steady"] for r in xl) / len(xl) / mean("vd", 2)
    out.append(
        f"| {mean('tp', 0):.3f} | {mean('tp', 1):.3f} | {steady:,.0f} | {mean('vd', 0):.3f} | {mean('vd', 1):.3f} | "
        f"{mean('vd', 2):,.0f} | {ratio:.1f}× | {mean('tp', 2) / mean('vd', 2):.1f}× | {all_ratio:.1f}× | "
        f"{'yes' if mean('tp', 0) > mean('vd', 0) else 'no'} | {', '.join(below) or 'none'} |"
    )
    out.append("")
    out.append("P6 verdicts: speed ≥ 10× VADER on one core: " + ("met" if ratio >= 10 else f"NOT met ({ratio:.1f}×)")
               + f"; mean macro-F1 ≥ 0.55: " + ("met" if mean("tp", 1) >= 0.55 else f"NOT met ({mean('tp', 1):.3f})")
               + "; no language below VADER (macro-F1): " + ("met" if not below else f"NOT met ({', '.join(below)})") + ".\n")
    out.append(f"## Bulk: 100,000 lines through `tagpulse classify` (default: {cores} workers)\n")
    out.append("| lines | total seconds (median) | runs | texts/s |")
    out.append("|---|---|---|---|")
    out.append(f"| {len(bulk):,} (the posts above, repeated) | {bulk_s:.2f} s | {', '.join(f'{w:.2f}' for w in bulk_walls)} | {len(bulk) / bulk_s:,.0f} |")
    out.append("")
    out.extend(relevance.report(args.tagpulse))
    out.append("## Machine\n")
    out.append("```")
    out.append(f"uname -a: {sh('uname -a')}")
    out.append(f"nproc: {sh('nproc')}")
    out.append(f"swift: {sh('swift --version 2>&1 | head -1')}")
    out.append(f"python: {platform.python_version()}; vaderSentiment {sh('python3 -m pip show vaderSentiment 2>/dev/null | sed -n s/^Version:.//p')}")
    out.append(f"load average at the end: {sh('cat /proc/loadavg')}")
    out.append("```")
    text = "\n".join(out) + "\n"
    os.makedirs(args.results_dir, exist_ok=True)
    path = os.path.join(args.results_dir, f"{stamp}.md")
    with open(path, "w") as f:
        f.write(text)
    print(text)
    print(f"results written to {path}")


if __name__ == "__main__":
    main()
