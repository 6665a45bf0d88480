#!/usr/bin/env python3
"""Learns the local analyzer's sentiment layer (`Sources/TagPulseLocalAnalysis/Tables/learned-sentiment.tsv`).

Reads ONLY the training splits: `xlmt-<lang>-train-labels.txt` from the eval folder and the features the analyzer
itself extracts from `xlmt-<lang>-train-text.txt` (guessed language, hand-lexicon compound score and hit count,
token keys; also the token kinds, unused here), dumped by `LearnedSentimentDumpTests`, so learning sees exactly the run-time tokenisation.

Model (see `LearnedSentiment.swift`): multinomial logistic regression, neutral logit fixed at 0. Domain d is the
guessed language or "undetermined". Features: token counts, shared by all domains plus a per-domain copy
(hierarchical, so a word learned in Spanish also helps a Spanish post guessed as Portuguese), and per domain a
bias, compound, |compound| and "no lexicon hit". L2-regularised, trained with deterministic Adagrad. The L2
strength is chosen by 5-fold cross-validation on train; the per-domain class offsets (which trade precision for
macro recall) are tuned for macro-F1 on the out-of-fold logits. Deterministic: fixed fold assignment and order.

Run through `scripts/learn-sentiment` (one command from a clone: builds, dumps the features, learns, writes
`Sources/TagPulseLocalAnalysis/Tables/learned-sentiment.tsv`). By hand:

    python3 scripts/learn-sentiment.py <feature dump folder> > Sources/TagPulseLocalAnalysis/Tables/learned-sentiment.tsv

The features depend on the hand lexicon and tokenizer only (never on the learned layer), so rerun after
changing either. `--eval-dir` overrides `../shared/eval/sentiment`. The cross-validation report goes to stderr.
"""

import argparse
import math
import multiprocessing
import os
import sys

LANGUAGES = ["english", "spanish", "portuguese", "french", "german", "italian"]
DOMAINS = ["en", "es", "pt", "fr", "de", "it", "und"]
FOLDS = 5
MIN_DOCS = 2  # a token needs this many training posts (overall, or within a domain for its local copy)
EPOCHS = 12
RATE = 0.15
LAMBDAS = [10.0, 30.0, 100.0]
OFFSETS = [x / 10 for x in range(-12, 13)]
PRUNE = 0.02


def load(dump_dir, eval_dir):
    docs = []  # (dataset index, domain index, compound, hits, tokens, label)
    for li, language in enumerate(LANGUAGES):
        with open(os.path.join(eval_dir, f"xlmt-{language}-train-labels.txt"), encoding="utf-8") as f:
            labels = [int(x) for x in f.read().split()]
        with open(os.path.join(dump_dir, f"{language}-train-features.tsv"), encoding="utf-8") as f:
            rows = f.read().split("\n")
        for label, row in zip(labels, rows):
            code, compound, hits, keys = row.split("\t")[:4]  # a fifth field, the token kinds, is not used here
            docs.append((li, DOMAINS.index(code), float(compound), int(hits), keys.split(), label))
    return docs


def dense(doc):
    _, d, c, hits, _, _ = doc
    return [1.0, c, abs(c), 1.0 if hits == 0 else 0.0]


class Model:
    """Softmax over (negative, neutral, positive); features keyed ("s", token), (d, token), ("p", d, j), ("p", j)."""

    def __init__(self, lam):
        self.lam = lam
        self.w = {}
        self.g = {}

    def features(self, doc, vocab):
        _, d, _, _, tokens, _ = doc
        counts = {}
        for t in tokens:
            if ("s", t) in vocab:
                counts[("s", t)] = counts.get(("s", t), 0) + 1
            if (d, t) in vocab:
                counts[(d, t)] = counts.get((d, t), 0) + 1
        for j, x in enumerate(dense(doc)):
            if x:
                counts[("p", j)] = x
                counts[("p", d, j)] = x
        return counts

    def logits(self, feats):
        z = [0.0, 0.0, 0.0]
        for k, x in feats.items():
            w = self.w.get(k)
            if w:
                z[0] += w[0] * x
                z[1] += w[1] * x
                z[2] += w[2] * x
        return z

    def fit(self, docs, vocab):
        n = len(docs)
        prepared = [(self.features(doc, vocab), doc[5]) for doc in docs]
        # Objective: sum of log-losses + lam/2 |w|^2, the L2 gradient spread over each feature's occurrences.
        df = {}
        for feats, _ in prepared:
            for k in feats:
                df[k] = df.get(k, 0) + 1
        reg = {k: self.lam / c for k, c in df.items()}
        order = list(range(n))
        for epoch in range(EPOCHS):
            # deterministic shuffle: a fixed stride permutation per epoch
            stride = 7919 + 2 * epoch
            order = [(i * stride + epoch) % n for i in range(n)] if math.gcd(stride, n) == 1 else order
            for i in order:
                feats, label = prepared[i]
                z = self.logits(feats)
                top = max(z)
                e = [math.exp(v - top) for v in z]
                s = e[0] + e[1] + e[2]
                err = [e[0] / s, e[1] / s, e[2] / s]
                err[label] -= 1.0
                for k, x in feats.items():
                    w = self.w.get(k)
                    if w is None:
                        w = self.w[k] = [0.0, 0.0, 0.0]
                        self.g[k] = [1e-6, 1e-6, 1e-6]
                    g = self.g[k]
                    r = reg[k]
                    for c in range(3):
                        grad = err[c] * x + r * w[c]
                        g[c] += grad * grad
                        w[c] -= RATE * grad / math.sqrt(g[c])

    def predict(self, doc, vocab):
        z = self.logits(self.features(doc, vocab))
        return (z[2] - z[1], z[0] - z[1])  # positive, negative logits relative to neutral


def vocabulary(docs):
    overall, local = {}, {}
    for _, d, _, _, tokens, _ in docs:
        for t in set(tokens):
            overall[t] = overall.get(t, 0) + 1
            local[(d, t)] = local.get((d, t), 0) + 1
    vocab = {("s", t) for t, n in overall.items() if n >= MIN_DOCS}
    vocab |= {k for k, n in local.items() if n >= MIN_DOCS}
    return vocab


def decide(p, n, dp, dn):
    p += dp
    n += dn
    if p > 0 and p >= n:
        return 2
    return 0 if n > 0 else 1


def macro(pred, gold):
    f1 = recall = 0.0
    for c in range(3):
        tp = sum(1 for a, b in zip(pred, gold) if a == c and b == c)
        pc = sum(1 for a in pred if a == c)
        gc = sum(1 for b in gold if b == c)
        prec = tp / pc if pc else 0.0
        rec = tp / gc if gc else 0.0
        f1 += 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        recall += rec
    return f1 / 3, recall / 3


def tune_offsets(scored):
    """scored: list of (domain, p, n, gold). Per domain, the (dp, dn) maximising macro-F1 (ties: smallest shift)."""
    offsets = {}
    for d in range(len(DOMAINS)):
        rows = [(p, n, g) for dd, p, n, g in scored if dd == d]
        if len(rows) < 60:
            offsets[d] = (0.0, 0.0)
            continue
        gold = [g for _, _, g in rows]
        best = None
        for dp in OFFSETS:
            for dn in OFFSETS:
                f1, _ = macro([decide(p, n, dp, dn) for p, n, _ in rows], gold)
                key = (round(f1, 6), -abs(dp) - abs(dn))
                if best is None or key > best[0]:
                    best = (key, (dp, dn))
        offsets[d] = best[1]
    return offsets


def out_of_fold(docs, lam):
    scored = [None] * len(docs)
    for fold in range(FOLDS):
        train = [doc for i, doc in enumerate(docs) if i % FOLDS != fold]
        vocab = vocabulary(train)
        model = Model(lam)
        model.fit(train, vocab)
        for i, doc in enumerate(docs):
            if i % FOLDS == fold:
                p, n = model.predict(doc, vocab)
                scored[i] = (doc[1], p, n, doc[5])
    return scored


def report(docs, scored, offsets, title):
    lines = [title]
    f1s = []
    for li, language in enumerate(LANGUAGES):
        idx = [i for i, doc in enumerate(docs) if doc[0] == li]
        pred = [decide(scored[i][1], scored[i][2], *offsets[scored[i][0]]) for i in idx]
        f1, recall = macro(pred, [docs[i][5] for i in idx])
        f1s.append(f1)
        lines.append(f"  {language:<11} macro-F1 {f1:.3f}  macro-recall {recall:.3f}")
    lines.append(f"  {'mean':<11} macro-F1 {sum(f1s) / len(f1s):.3f}")
    return "\n".join(lines), sum(f1s) / len(f1s)


def table_file(model, vocab, offsets, lam):
    out = [
        "# The local analyzer's learned sentiment layer (see LearnedSentiment.swift), from the xlmt train splits",
        f"# (L2 {lam:g}, {EPOCHS} epochs, tokens in >= {MIN_DOCS} posts). Generated by scripts/learn-sentiment; do not edit, rerun it.",
        "# `parameters` lines: domain, then bias, compound, |compound|, no-hit for the positive logit, then the negative one.",
        "# `[slot]` starts a slot's token weights: `*` shared by all domains, else one domain. Weight lines: key, positive,",
        "# negative; a key starting with `¬` is the token inside a negation's scope. Fields are tab-separated.",
    ]
    for d in range(len(DOMAINS)):
        row = []
        for cls in (2, 0):  # positive, then negative, relative to neutral (1)
            for j in range(4):
                shared = model.w.get(("p", j), [0.0, 0.0, 0.0])
                local = model.w.get(("p", d, j), [0.0, 0.0, 0.0])
                value = (shared[cls] - shared[1]) + (local[cls] - local[1])
                if j == 0:
                    value += offsets[d][0] if cls == 2 else offsets[d][1]
                row.append(f"{value:.4f}")
        out.append("\t".join(["parameters", DOMAINS[d]] + row))
    slots = [[] for _ in range(len(DOMAINS) + 1)]
    for key in sorted((k for k in vocab if k[0] != "p" and k in model.w), key=lambda k: (str(k[0]), k[1])):
        w = model.w[key]
        p, n = w[2] - w[1], w[0] - w[1]
        token = key[1]
        if max(abs(p), abs(n)) < PRUNE or any(ch in token for ch in '"\\#') or token.startswith("["):
            continue
        slot = 0 if key[0] == "s" else 1 + key[0]
        slots[slot].append(f"{token}\t{p:.3f}\t{n:.3f}")
    for name, lines in zip(["*"] + DOMAINS, slots):
        out.append(f"[{name}]")
        out.extend(lines)
    return "\n".join(out) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_eval = os.path.normpath(os.path.join(here, "../../shared/eval/sentiment"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump_dir")
    parser.add_argument("--eval-dir", default=default_eval)
    args = parser.parse_args()
    docs = load(args.dump_dir, args.eval_dir)
    best = None
    with multiprocessing.Pool(2) as pool:
        all_scored = pool.starmap(out_of_fold, [(docs, lam) for lam in LAMBDAS])
    for lam, scored in zip(LAMBDAS, all_scored):
        offsets = tune_offsets(scored)
        text, mean = report(docs, scored, offsets, f"5-fold CV on train, L2 {lam:g}, offsets tuned out-of-fold:")
        print(text, file=sys.stderr)
        if best is None or mean > best[0]:
            best = (mean, lam, offsets)
    _, lam, offsets = best
    print(f"chosen L2 {lam:g}; offsets {offsets}", file=sys.stderr)
    vocab = vocabulary(docs)
    model = Model(lam)
    model.fit(docs, vocab)
    sys.stdout.write(table_file(model, vocab, offsets, lam))


if __name__ == "__main__":
    main()
