#!/usr/bin/env python3
"""The fleet's shared state, checked from outside: one limit across three gateways (R1), a revocation seen by every
instance (R6), and a stampede of identical misses reaching the engines once (P4).

    fleet.py limit    LB_PORT KEY PATH LIMIT PERIOD_S BURST_N STEADY_RPS STEADY_S
    fleet.py revoke   ADMIN_KEY KEY KEY_ID PORT,PORT,PORT
    fleet.py stampede LB_PORT KEY N ENGINE_LOG[,ENGINE_LOG…]
"""
import asyncio
import collections
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httpwire import Connection  # noqa: E402
from results import counts, emit  # noqa: E402

HOST = "127.0.0.1"


async def burst(port, key, path, total, connections):
    """`total` requests over `connections` keep-alive connections, as fast as they go. Returns [(start, end, status, degraded)]."""
    out, next_index = [], [0]

    async def worker():
        conn = Connection(HOST, port, timeout=10)
        while next_index[0] < total:
            next_index[0] += 1
            start = time.time()
            try:
                r = await conn.request("GET", path, {"Authorization": "Bearer " + key})
                out.append((start, time.time(), r.status, r.header("tagpulse-degraded")))
            except Exception as error:
                out.append((start, time.time(), "error:" + type(error).__name__, None))
        await conn.close()

    await asyncio.gather(*[worker() for _ in range(connections)])
    return out


async def steady(port, key, path, rps, seconds):
    """Open loop: one request every 1/rps s for `seconds`, each on its own task (keep-alive pool of 8)."""
    pool = [Connection(HOST, port, timeout=10) for _ in range(8)]
    free = asyncio.Queue()
    for conn in pool:
        free.put_nowait(conn)
    out = []

    async def one():
        conn = await free.get()
        start = time.time()
        try:
            r = await conn.request("GET", path, {"Authorization": "Bearer " + key})
            out.append((start, time.time(), r.status, r.header("tagpulse-degraded")))
        except Exception as error:
            out.append((start, time.time(), "error:" + type(error).__name__, None))
        free.put_nowait(conn)

    tasks, begin = [], time.monotonic()
    for n in range(int(rps * seconds)):
        await asyncio.sleep(max(0.0, begin + n / rps - time.monotonic()))
        tasks.append(asyncio.ensure_future(one()))
    await asyncio.gather(*tasks)
    for conn in pool:
        await conn.close()
    return out


def limit(port, key, path, limit_n, period_s, burst_n, steady_rps, steady_s):
    limit_n, period_s, interval = int(limit_n), float(period_s), float(period_s) / int(limit_n)
    first = asyncio.run(burst(int(port), key, path, int(burst_n), 32))
    t0 = min(r[0] for r in first)
    t1 = max(r[1] for r in first)
    admitted = sum(1 for r in first if r[2] == 200)
    allowed = limit_n + math.floor((t1 - t0) / interval)
    statuses = collections.Counter(r[2] for r in first)
    degraded = sum(1 for r in first if r[3])
    emit("R1", "burst of %s through the LB, key at %d/%gs, 3 gateways: admitted" % (burst_n, limit_n, period_s),
         "%d (allowed %d)" % (admitted, allowed), "exactly the limit (+1 per %.2f s the burst lasted)" % interval,
         allowed - 1 <= admitted <= allowed and degraded == 0 and set(statuses) <= {200, 429},
         "burst took %.2f s; %s; %d decided in degraded mode" % (t1 - t0, counts(statuses), degraded))
    second = asyncio.run(steady(int(port), key, path, float(steady_rps), float(steady_s)))
    t2 = max(r[1] for r in second)
    admitted2 = sum(1 for r in second if r[2] == 200)
    allowed2 = limit_n + math.floor((t2 - t0) / interval) - admitted
    times = sorted(r[0] for r in second if r[2] == 200)
    window = max((sum(1 for u in times if t <= u < t + 1.0) for t in times), default=0)
    statuses2 = collections.Counter(r[2] for r in second)
    degraded2 = sum(1 for r in second if r[3])
    emit("R1", "then a steady overload, %g req/s for %g s: admitted" % (float(steady_rps), float(steady_s)),
         "%d (allowed %d)" % (admitted2, allowed2), "one per %.2f s, no burst at window edges" % interval,
         allowed2 - 1 <= admitted2 <= allowed2 and window <= math.ceil(1.0 / interval) and degraded2 == 0,
         "most admitted in any 1 s: %d; %s; %d degraded" % (window, counts(statuses2), degraded2))


async def revoke_async(admin_key, key, key_id, ports):
    conns = {p: Connection(HOST, p, timeout=5) for p in ports}
    path = "/v1/hashtags/skincare/analysis?prompt=" + "revocation%20check%20what%20do%20people%20think&max_posts=1&max_comments_per_post=2"
    for p in ports:  # every instance caches the key first
        r = await conns[p].request("GET", path, {"Authorization": "Bearer " + key})
        if r.status != 200:
            return None, "key not accepted by :%d before the revocation (%d)" % (p, r.status)
    admin = Connection(HOST, ports[0], timeout=5)
    r = await admin.request("DELETE", "/v1/admin/keys/" + key_id, {"Authorization": "Bearer " + admin_key})
    revoked_at = time.time()
    if r.status not in (200, 204):
        return None, "DELETE answered %d" % r.status
    seen = {}
    while len(seen) < len(ports) and time.time() - revoked_at < 5:
        for p in ports:
            if p in seen:
                continue
            r = await conns[p].request("GET", path, {"Authorization": "Bearer " + key})
            if r.status == 401:
                seen[p] = time.time() - revoked_at
        await asyncio.sleep(0.01)
    return seen, ""


def revoke(admin_key, key, key_id, ports):
    ports = [int(p) for p in ports.split(",")]
    seen, problem = asyncio.run(revoke_async(admin_key, key, key_id, ports))
    slowest = max(seen.values()) if seen and len(seen) == len(ports) else None
    emit("R6", "key revoked through gateway 1: refused (401) by all 3 instances after",
         "—" if slowest is None else "%.3f s" % slowest, "≤ 1 s", slowest is not None and slowest <= 1.0,
         problem or ", ".join(":%d %.3f s" % (p, t) for p, t in sorted(seen.items())))


def engine_calls(logs):
    total = 0
    for path in logs:
        with open(path, errors="replace") as f:
            total += sum(1 for line in f if "engine.analysis.completed" in line or "engine.analysis.failed" in line)
    return total


async def stampede_async(port, key, n):
    body = json.dumps({"hashtag": "booktok", "max_posts": 5, "max_comments_per_post": 50,
                       "ai_analysis_prompt": "Stampede %d: what do readers think of the price, and would they buy it?" % os.getpid()}).encode()
    conns = [Connection(HOST, port, timeout=30) for _ in range(n)]
    gate = asyncio.Event()

    async def one(conn):
        await gate.wait()
        try:
            r = await conn.request("POST", "/v1/analyze/hashtag", {"Authorization": "Bearer " + key, "Content-Type": "application/json"}, body)
            return r.status, r.header("cache-status") or ""
        except Exception as error:
            return "error:" + type(error).__name__, ""
        finally:
            await conn.close()

    tasks = [asyncio.ensure_future(one(c)) for c in conns]
    await asyncio.sleep(0.2)
    start = time.monotonic()
    gate.set()
    answers = await asyncio.gather(*tasks)
    return answers, time.monotonic() - start


def stampede(port, key, n, logs):
    logs = logs.split(",")
    before = engine_calls(logs)
    answers, took = asyncio.run(stampede_async(int(port), key, int(n)))
    time.sleep(0.5)  # the engine logs its line after answering
    calls = engine_calls(logs) - before
    statuses = collections.Counter(a[0] for a in answers)
    filled = sum(1 for a in answers if "fwd=" in a[1])
    collapsed = sum(1 for a in answers if "collapsed" in a[1])
    emit("P4", "engine calls for %s concurrent identical misses through the LB (3 gateways)" % n, str(calls), "exactly 1",
         calls == 1 and statuses.get(200, 0) == int(n),
         "%s in %.2f s; %d forwarded, %d collapsed, the rest hits (engines' engine.analysis.* log lines)" % (
             counts(statuses), took, filled, collapsed))


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    {"limit": limit, "revoke": revoke, "stampede": stampede}[command](*rest)
