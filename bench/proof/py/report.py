#!/usr/bin/env python3
"""Renders the rows of a run (results.py's JSON lines) as ONE markdown table, with the run's context around it.

    report.py ROWS.jsonl CONTEXT.md OUT.md     # prints the report and writes it to OUT.md
"""
import json
import sys

rows_path, context_path, out_path = sys.argv[1:4]
rows = [json.loads(line) for line in open(rows_path) if line.strip()]
context = open(context_path).read().strip()
verdict = {True: "pass", False: "**FAIL**", None: "info"}


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


lines = [
    "| id | figure | measured | target | result |",
    "|---|---|---|---|---|",
]
for row in rows:
    lines.append("| %s | %s | %s | %s | %s |" % (row["id"], cell(row["figure"]), cell(row["value"]), cell(row["target"]), verdict[row["pass"]]))
passed = sum(1 for r in rows if r["pass"] is True)
failed = sum(1 for r in rows if r["pass"] is False)
notes = ["- **%s** %s: %s" % (r["id"], cell(r["figure"]), cell(r["note"])) for r in rows if r["note"]]
report = "\n".join([context, "", *lines, "", "%d passed, %d failed" % (passed, failed), "", "Details:", "", *notes, ""])
open(out_path, "w").write(report)
print(report)
