"""One row of the proof table: a figure, its target (TARGETS.md id) and pass/fail, appended as a JSON line to the
results file that run.sh renders at the end (report.py)."""
import json
import os


def emit(target_id, figure, value, target, passed, note=""):
    """Appends a row to $PROOF_RESULTS (and prints it). passed: True, False or None (reported, not judged)."""
    if os.environ.get("PROOF_LABEL"):  # REDIS=cluster: every row says where it was measured
        figure = "[%s] %s" % (os.environ["PROOF_LABEL"], figure)
    row = {"id": target_id, "figure": figure, "value": value, "target": target, "pass": passed, "note": note}
    path = os.environ.get("PROOF_RESULTS")
    if path:
        with open(path, "a") as out:
            out.write(json.dumps(row) + "\n")
    verdict = {True: "pass", False: "FAIL", None: "info"}[passed]
    print("[%s] %s: %s (target %s) %s" % (target_id, figure, value, target, verdict), flush=True)


def ms(value):
    return "—" if value is None else ("%.1f ms" % value if value >= 10 else "%.2f ms" % value)


def counts(counter):
    """{status: n} as 'n×status' pairs, largest first."""
    return ", ".join("%d×%s" % (n, status) for status, n in sorted(counter.items(), key=lambda item: -item[1])) or "none"


if __name__ == "__main__":  # results.py ID FIGURE VALUE TARGET PASS(true|false|info) [NOTE]: one row from a shell script
    import sys

    args = sys.argv[1:] + [""] * (6 - len(sys.argv[1:]))
    emit(args[0], args[1], args[2], args[3], {"true": True, "false": False}.get(args[4]), args[5])
