#!/usr/bin/env python3
"""Reads a load.py timeline and the times of what was done to the fleet, and emits the chaos rows.

    chaos.py redis  TIMELINE EVENTS    # R2: Redis killed, restarted
    chaos.py engine TIMELINE EVENTS    # R3: engine 1 killed, restarted
    chaos.py sigterm TIMELINE EVENTS   # R5: SIGTERM to gateway 2
    chaos.py master TIMELINE EVENTS    # R2 on Redis Cluster: a master killed, its replica promoted
EVENTS is a JSON object of wall-clock times and facts written by run.sh (see each function).
"""
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httpwire import percentile  # noqa: E402
from results import counts, emit, ms  # noqa: E402

# record fields (load.py)
STREAM, START, MS, STATUS, DEGRADED, CACHE, RETRY_AFTER = range(7)


def ok(record):
    return record[STATUS] in (200, 304)


def between(records, start, end, stream=None):
    return [r for r in records if start <= r[START] < end and (stream is None or r[STREAM] == stream)]


def redis(timeline, events):
    """events: kill, back (Redis answers PING again), deadline_ms (engine.request_timeout_ms), mode, alive."""
    records = timeline["records"]
    outage = between(records, events["kill"], events["back"])
    failed = [r for r in outage if not ok(r)]
    marked = [r for r in outage if ok(r) and r[DEGRADED]]
    latencies = [r[MS] for r in outage]
    slowest = max(latencies) if latencies else None
    limit = events["deadline_ms"] + 50
    emit("R2", "slowest request while Redis was down (%d requests)" % len(outage), ms(slowest),
         "≤ deadline + 50 ms = %d ms" % limit, slowest is not None and slowest <= limit,
         "p50 %s, p99 %s" % (ms(percentile(latencies, 0.5)), ms(percentile(latencies, 0.99))))
    modes = collections.Counter(r[DEGRADED] for r in marked)
    emit("R2", "failed requests while Redis was down (degraded mode %s)" % events["mode"], str(len(failed)),
         "0; answers marked TagPulse-Degraded", not failed and bool(marked),
         "statuses %s; %d of %d answers marked (%s); outage %.1f s" % (
             counts(collections.Counter(r[STATUS] for r in outage)), len(marked), len(outage) - len(failed),
             counts(modes), events["back"] - events["kill"]))
    # Recovered: the end of the last 250 ms window (by request start, after Redis returned) in which more than 1 % of
    # the answers were degraded or failed. A single late decision afterwards is the 25 ms decision deadline missed on
    # a busy CPU, which happens without any outage too; those are counted separately.
    after = [r for r in records if r[START] >= events["back"]]
    abnormal = [r for r in after if not ok(r) or r[DEGRADED]]
    windows, bad_windows = collections.Counter(), collections.Counter()
    for r in after:
        window = int((r[START] - events["back"]) / 0.25)
        windows[window] += 1
        bad_windows[window] += 0 if ok(r) and not r[DEGRADED] else 1
    late = [w for w in windows if bad_windows[w] > 0.01 * windows[w]]
    recovery = (max(late) + 1) * 0.25 if late else 0.0
    stray = sum(bad_windows[w] for w in windows if late and w > max(late) or not late)
    before = [r for r in records if r[START] < events["kill"]]
    stray_before = sum(1 for r in before if not ok(r) or r[DEGRADED])
    emit("R2", "back to normal after Redis returned (last 250 ms window with > 1 % degraded or failed)", "%.2f s" % recovery,
         "≤ 2 s", recovery <= 2.0,
         "%d answers after its return, %d degraded or failed, %d of them stray ones later; before the kill %d of %d were "
         "degraded (decisions past ratelimit.decision_timeout_ms on a busy CPU); gateways alive afterwards: %s" % (
             len(after), len(abnormal), stray, stray_before, len(before), events["alive"]))


def master(timeline, events):
    """events: kill, promoted (the dead master marked failed and every slot served again, or null), port, alive."""
    records = timeline["records"]
    after = [r for r in records if r[START] >= events["kill"]]
    failed = [r for r in after if not ok(r)]
    marked = [r for r in after if ok(r) and r[DEGRADED]]
    latencies = [r[MS] for r in after]
    modes = collections.Counter(r[DEGRADED] for r in marked)
    promoted = "%.2f s" % (events["promoted"] - events["kill"]) if events["promoted"] else "not seen within 15 s"
    emit("R2", "failed requests after a cluster master was killed (SIGKILL, not restarted)", str(len(failed)),
         "0; answers marked TagPulse-Degraded", not failed,
         "statuses %s; %d of %d answers marked (%s); slowest %s, p99 %s; replica promoted (node failed, every slot "
         "served) %s after the kill" % (
             counts(collections.Counter(r[STATUS] for r in after)), len(marked), len(after) - len(failed), counts(modes),
             ms(max(latencies) if latencies else None), ms(percentile(latencies, 0.99)), promoted))
    # Exact again: the end of the last 250 ms window after the kill in which more than 1 % of the answers were
    # degraded or failed (as for the one Redis, R2 "back to normal").
    windows, bad_windows = collections.Counter(), collections.Counter()
    for r in after:
        window = int((r[START] - events["kill"]) / 0.25)
        windows[window] += 1
        bad_windows[window] += 0 if ok(r) and not r[DEGRADED] else 1
    late = [w for w in windows if bad_windows[w] > 0.01 * windows[w]]
    recovery = (max(late) + 1) * 0.25 if late else 0.0
    before = [r for r in records if r[START] < events["kill"]]
    emit("R2", "exact again after a cluster master was killed (last 250 ms window with > 1 % degraded or failed)",
         "%.2f s" % recovery, "≤ 10 s (issue #16)", recovery <= 10.0 and bool(marked),
         "%d answers after the kill, %d degraded or failed; before the kill %d of %d degraded; master on port %s; "
         "gateways alive afterwards: %s" % (
             len(after), len(marked) + len(failed), sum(1 for r in before if not ok(r) or r[DEGRADED]), len(before),
             events["port"], events["alive"]))


def engine(timeline, events):
    """events: kill, restart (engine 1 listening again), alive. Streams: hits (LB), probe (misses to gateway 1)."""
    records = timeline["records"]
    hits = between(records, events["kill"], events["restart"] + 2, "hits")
    failed_hits = [r for r in hits if not ok(r)]
    emit("R3", "cached answers failed while engine 1 was down (through the LB)", "%d of %d" % (len(failed_hits), len(hits)),
         "0 (stale-if-error / hits keep coming)", not failed_hits and bool(hits),
         "statuses %s" % counts(collections.Counter(r[STATUS] for r in hits)))
    misses = between(records, events["kill"], events["restart"], "probe")
    fast = [r for r in misses if r[STATUS] == 503 and r[RETRY_AFTER]]
    latencies = [r[MS] for r in misses]
    p99 = percentile(latencies, 0.99)
    slowest = max(latencies) if latencies else None
    emit("R3", "misses on gateway 1 while its engine was down: 503 + Retry-After within", "max %s (p99 %s)" % (ms(slowest), ms(p99)),
         "all 503 + Retry-After, < 100 ms", bool(misses) and len(fast) == len(misses) and slowest < 100,
         "%d misses: %s, %d with Retry-After" % (len(misses), counts(collections.Counter(r[STATUS] for r in misses)), len(fast)))
    back = [r for r in records if r[STREAM] == "probe" and r[START] >= events["restart"] and ok(r)]
    reconnect = back[0][START] + back[0][MS] / 1000 - events["restart"] if back else None
    emit("R3", "engine restarted → first miss answered on gateway 1", "—" if reconnect is None else "%.2f s" % reconnect,
         "≤ 1 s", reconnect is not None and reconnect <= 1.0,
         "probe every %d ms; engine down %.1f s; gateways alive afterwards: %s" % (
             timeline["streams"]["probe"]["pause_ms"], events["restart"] - events["kill"], events["alive"]))


def sigterm(timeline, events):
    """events: term, exited, exit_code, drain_keys (whether the gateway knows the drain keys)."""
    records = timeline["records"]
    failed = [r for r in records if not ok(r)]
    during = between(records, events["term"], events["exited"])
    kinds = collections.Counter(r[STATUS] for r in failed)
    emit("R5", "failed requests with SIGTERM to gateway 2 under load (through the LB)",
         "%d of %d" % (len(failed), len(records)), "0", not failed,
         "%d requests between SIGTERM and exit (%.2f s, exit code %s); failures: %s; %s" % (
             len(during), events["exited"] - events["term"], events["exit_code"], counts(kinds), events["drain_keys"]))


if __name__ == "__main__":
    kind, timeline_path, events_path = sys.argv[1:4]
    timeline = json.load(open(timeline_path))
    events = json.load(open(events_path))
    {"redis": redis, "master": master, "engine": engine, "sigterm": sigterm}[kind](timeline, events)
