#!/usr/bin/env python3
"""Closed-loop load with a timeline: every request's wall-clock start, latency and outcome, for the chaos phases.

    load.py --duration 20 --out timeline.json \
        --stream hits:127.0.0.1:8080:16:hit --stream probe:127.0.0.1:8081:1:miss:50

A stream is name:host:port:connections:kind[:pause_ms]. Kinds: `hit` (GET of the warmed URL, --hit-path) and `miss`
(the same URL with a prompt unique to this request, so the gateway has to ask its engine). pause_ms makes a
connection wait between requests (a prober) instead of sending back to back. Every request carries --key.
Writes {"streams": {...}, "records": [[stream, t_wall, ms, status, degraded, cache, retry_after, closed], ...]}
where status is the HTTP status or "error:<what>" for a request that got no answer.
"""
import argparse
import asyncio
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httpwire import Connection  # noqa: E402

MISS_PROMPT = "Proof harness miss %s-%d: what do people think about the price, and would they buy it?"


def miss_path(hit_path, run_id, n):
    base, _, query = hit_path.partition("?")
    params = [(k, v) for k, v in urllib.parse.parse_qsl(query) if k != "prompt"]
    params.append(("prompt", MISS_PROMPT % (run_id, n)))
    return base + "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


async def connection_loop(stream, host, port, kind, pause, args, records, counter, stop_at):
    conn = Connection(host, port, timeout=args.timeout)
    headers = {"Authorization": "Bearer " + args.key}
    while time.monotonic() < stop_at:
        counter[0] += 1
        path = args.hit_path if kind == "hit" else miss_path(args.hit_path, args.run_id, counter[0])
        wall = time.time()
        started = time.monotonic()
        try:
            response = await conn.request("GET", path, headers)
            records.append([
                stream, round(wall, 4), round(response.elapsed * 1000, 2), response.status,
                response.header("tagpulse-degraded"), (response.header("cache-status") or "")[:40],
                response.header("retry-after"), response.closed,
            ])
        except Exception as error:
            what = type(error).__name__
            records.append([stream, round(wall, 4), round((time.monotonic() - started) * 1000, 2), "error:" + what, None, "", None, True])
            await asyncio.sleep(0.01)  # a refused connection fails in microseconds: do not spin
        if pause:
            await asyncio.sleep(pause / 1000)
    await conn.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--stream", action="append", required=True)
    parser.add_argument("--key", default=os.environ.get("PROOF_KEY", ""))
    parser.add_argument("--hit-path", default=os.environ.get("PROOF_HIT_PATH", ""))
    parser.add_argument("--run-id", default=str(os.getpid()))
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args()
    records, tasks, streams = [], [], {}
    counter = [0]
    stop_at = time.monotonic() + args.duration
    for spec in args.stream:
        fields = spec.split(":")
        name, host, port, conns, kind = fields[0], fields[1], int(fields[2]), int(fields[3]), fields[4]
        pause = float(fields[5]) if len(fields) > 5 else 0
        streams[name] = {"host": host, "port": port, "connections": conns, "kind": kind, "pause_ms": pause}
        for _ in range(conns):
            tasks.append(connection_loop(name, host, port, kind, pause, args, records, counter, stop_at))
    started = time.time()
    await asyncio.gather(*tasks)
    with open(args.out, "w") as out:
        json.dump({"started": started, "ended": time.time(), "streams": streams, "records": records}, out)


if __name__ == "__main__":
    asyncio.run(main())
