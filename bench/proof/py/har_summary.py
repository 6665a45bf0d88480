#!/usr/bin/env python3
"""Counts what schemathesis sent and got (its HAR and JUnit reports) and emits the R4 rows.

    har_summary.py REPORT_DIR OPENAPI.json SCHEMATHESIS_OUTPUT EXIT_CODE

A 5xx is "documented" when the OpenAPI document lists that status for the operation; a 500 never counts as
documented (README: INTERNAL_ERROR is a bug). Schema violations are the failures schemathesis reports (JUnit).
"""
import collections
import glob
import json
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

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
emit("R4", "schemathesis against /openapi.json (%d operations): requests sent" % len(templates), str(len(entries)),
     "≥ 1,000", len(entries) >= 1000, "statuses: %s" % counts(statuses))
emit("R4", "schemathesis: 5xx answers the schema does not document (500 always counts)", str(len(undocumented)), "0",
     not undocumented, "%d 5xx in all%s" % (len(server_errors), ("; e.g. " + "; ".join(examples)) if examples else ""))

failures = collections.Counter()
for junit in glob.glob(os.path.join(report_dir, "**", "*.xml"), recursive=True):
    for case in ET.parse(junit).getroot().iter("testcase"):
        for failure in list(case.findall("failure")) + list(case.findall("error")):
            text = (failure.get("message") or failure.text or "").strip().splitlines()
            failures["%s: %s" % (case.get("name"), text[0][:100] if text else "failure")] += 1
output = open(output_path, errors="replace").read()
summary = re.findall(r"^.*(?:passed|failed|errored|skipped).*$", output, re.M)[-3:]
emit("R4", "schemathesis: failed checks (schema violations, undocumented statuses, server errors)",
     str(sum(failures.values())), "0", not failures and exit_code == "0",
     "exit code %s; %s%s" % (exit_code, " / ".join(s.strip() for s in summary) or "no summary line",
                              ("; " + "; ".join("%s (%d)" % item for item in failures.most_common(8))) if failures else ""))
