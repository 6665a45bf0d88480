#!/usr/bin/env python3
"""Counts what schemathesis sent and got (its HAR and JUnit reports) and emits the R4 rows.

    har_summary.py REPORT_DIR OPENAPI.json SCHEMATHESIS_OUTPUT EXIT_CODE

A 5xx is "documented" when the OpenAPI document lists that status for the operation; a 500 never counts as
documented (README: INTERNAL_ERROR is a bug). Schema violations are the failed checks schemathesis reports.
"""
import collections
import glob
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import counts, emit  # noqa: E402

report_dir, openapi_path, output_path, exit_code = sys.argv[1:5]
spec = json.load(open(openapi_path))
templates = []
for path, operations in spec.get("paths", {}).items():
    pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
    for method, operation in operations.items():
        if isinstance(operation, dict) and "responses" in operation:
            templates.append((pattern, method.upper(), set(operation["responses"]), path))


def documented(method, url, status):
    path = urllib.parse.urlsplit(url).path
    for pattern, verb, statuses, _ in templates:
        if verb == method and pattern.match(path):
            return str(status) in statuses or ("%dXX" % (status // 100)) in statuses
    return False


entries = []
for har in glob.glob(os.path.join(report_dir, "**", "*.har"), recursive=True):
    entries += json.load(open(har)).get("log", {}).get("entries", [])
statuses = collections.Counter(e["response"]["status"] for e in entries)
server_errors = [e for e in entries if e["response"]["status"] >= 500]
undocumented = [e for e in server_errors if e["response"]["status"] == 500
                or not documented(e["request"]["method"], e["request"]["url"], e["response"]["status"])]
examples = ["%s %s → %d" % (e["request"]["method"], urllib.parse.urlsplit(e["request"]["url"]).path[:60], e["response"]["status"])
            for e in undocumented[:5]]
emit("R4", "schemathesis against /openapi.json (%d operations in it): requests sent" % len(templates), str(len(entries)),
     "≥ 1,000", len(entries) >= 1000, "statuses: %s" % counts(statuses))
emit("R4", "schemathesis: 5xx answers the schema does not document (500 always counts)", str(len(undocumented)), "0",
     not undocumented, "%d 5xx in all (%s)%s" % (len(server_errors), counts(collections.Counter(e["response"]["status"] for e in server_errors)), ("; e.g. " + "; ".join(examples)) if examples else ""))

# Schemathesis's own summary: failed checks by code, and its errors (operations it could not generate for, its
# own runtime errors): the latter are not answers of the API, so they are reported, not judged.
output = open(output_path, errors="replace").read()
failed = re.findall(r"^\s*❌ (ST\d+ [^:]+): (\d+)\s*$", output, re.M)
errors = re.findall(r"^\s*🚫 ([A-Za-z ]+Error): (\d+)\s*$", output, re.M)
generated = re.search(r"(\d+) generated", output)
failed_names = sorted(set(m.group(1) for m in re.finditer(r"^_{3,} ([A-Z]+ \S+) _{3,}$", output, re.M)))
emit("R4", "schemathesis: failed checks (schema violations, undocumented statuses)", str(sum(int(n) for _, n in failed)), "0",
     not failed and generated is not None,
     "exit code %s; %s test cases generated; %s; operations with a failure or error: %s" % (
         exit_code, generated.group(1) if generated else "no", ", ".join("%s ×%s" % f for f in failed) or "no failed check",
         ", ".join(failed_names) or "none"))
emit("R4", "schemathesis could not test (its own errors, not the API's)", str(sum(int(n) for _, n in errors)), "—", None,
     ", ".join("%s ×%s" % e for e in errors) or "none")
