#!/usr/bin/env python3
"""A frame fuzzer for the engine's Unix socket (docs/design-notes.md, README "The engine protocol"): frames are a
4-byte big-endian length, then one UTF-8 JSON object. Sends hand-written hostile cases, then seeded random ones
(mutated valid frames, random lengths, truncations, oversized length prefixes, invalid JSON and UTF-8, wrong types,
unknown methods, frames split byte by byte or pipelined), from many concurrent connections. Checks: every answer
is a well-formed frame with a documented error code (INTERNAL counts as a failure: it means an engine bug), no
hang where an answer is due, and afterwards the engine process is alive and answers `ping`.

    frame_fuzz.py SOCKET ENGINE_PID [--cases N] [--connections C] [--seed S] [--out OUT.json]
"""
import argparse
import asyncio
import collections
import json
import os
import random
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import counts, emit  # noqa: E402

CODES = {"BAD_FRAME", "INVALID_REQUEST", "UNSUPPORTED_VERSION", "METHOD_NOT_FOUND", "INVALID_PARAMS", "DUPLICATE_ID",
         "DEADLINE_EXCEEDED", "CANCELLED", "OVERLOADED", "SHUTTING_DOWN", "TARGET_NOT_FOUND", "UPSTREAM_ERROR",
         "UPSTREAM_RATE_LIMITED", "UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "ANALYSIS_FAILED", "RESULT_TOO_LARGE"}
MAX_FRAME = 32 * 1024 * 1024


def frame(payload):
    return struct.pack(">I", len(payload)) + payload


def request(method="ping", rid="f1", params=None, **extra):
    body = {"v": 1, "id": rid, "method": method, "request_id": "fuzz", "deadline_ms": int(time.time() * 1000) + 20000}
    if params is not None:
        body["params"] = params
    body.update(extra)
    return json.dumps(body).encode()


def analyze(rid, deadline_ms=None, **params):
    base = {"target": "skincare", "max_posts": 1, "max_comments_per_post": 2, "ai_analysis_prompt": "What do people think?",
            "max_quote_length": 200}
    base.update(params)
    extra = {} if deadline_ms is None else {"deadline_ms": deadline_ms}
    return request("analyze.hashtag", rid, base, **extra)


# (name, bytes to send, answers expected before the engine may close: an int, or None = "whatever comes")
FIXED = [
    ("ping", frame(request()), 1),
    ("stats", frame(request("stats")), 1),
    ("zero length", struct.pack(">I", 0), 1),
    ("length 0xFFFFFFFF", struct.pack(">I", 0xFFFFFFFF) + b"{}", 1),
    ("length max_frame + 1", struct.pack(">I", MAX_FRAME + 1) + b"{", 1),
    ("length 2^31", struct.pack(">I", 1 << 31), 1),
    ("truncated length prefix", b"\x00\x00", None),
    ("truncated payload", struct.pack(">I", 100) + b'{"v":1', None),
    ("invalid JSON", frame(b"{not json"), 1),
    ("JSON array", frame(b"[1,2,3]"), 1),
    ("JSON null", frame(b"null"), 1),
    ("invalid UTF-8", frame(b'{"v":1,"id":"\xff\xfe","method":"ping"}'), 1),
    ("no id", frame(b'{"v":1,"method":"ping"}'), 1),
    ("no method", frame(b'{"v":1,"id":"x"}'), 1),
    ("id is a number", frame(b'{"v":1,"id":7,"method":"ping"}'), 1),
    ("method is an array", frame(b'{"v":1,"id":"x","method":["ping"]}'), 1),
    ("v is 2", frame(request(v=2)), 1),
    ("v is a string", frame(request(v="1")), 1),
    ("deadline is a string", frame(request(deadline_ms="soon")), 1),
    ("deadline in the past", frame(analyze("past", deadline_ms=1)), 1),
    ("unknown method", frame(request("rm.rf")), 1),
    ("id of 200 bytes", frame(request(rid="i" * 200)), 1),
    ("params a list", frame(request("analyze.hashtag", "p", [1, 2])), 1),
    ("empty target", frame(analyze("e", target="")), 1),
    ("negative max_posts", frame(analyze("n", max_posts=-1)), 1),
    ("huge max_posts", frame(analyze("h", max_posts=10 ** 30)), 1),
    ("target with NUL", frame(analyze("z", target="skin\u0000care")), 1),
    ("lone surrogate", frame(analyze("s", target="\ud800")), 1),
    ("cancel unknown id", frame(request("cancel", "c", {"id": "nobody"})), 1),
    ("cancel without params", frame(request("cancel", "c2")), 1),
    ("nested 50,000 deep", frame(b"[" * 50_000 + b"]" * 50_000), 1),
    ("nested objects 20,000 deep", frame(b'{"a":' * 20_000 + b"1" + b"}" * 20_000), 1),
    ("duplicate in-flight id", frame(analyze("dup")) + frame(analyze("dup")), 2),
    ("100 pings pipelined", b"".join(frame(request(rid="p%d" % i)) for i in range(100)), 100),
]


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        pos = rng.randrange(len(data) + 1)
        if op < 0.4 and data:
            data[min(pos, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op < 0.6:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op < 0.8 and data:
            del data[pos:pos + rng.randint(1, 8)]
        else:
            data[pos:pos] = rng.choice([b'"', b"{", b"}", b"[", b"\\u", b"\xc3", b"\x00", b"null", b"1e999", b","])
    return bytes(data)


def random_case(rng, n):
    kind = rng.random()
    base = rng.choice([request(rid="r%d" % n), request("stats", "r%d" % n), analyze("r%d" % n),
                       request("cancel", "r%d" % n, {"id": "x"}), request(rng.choice(["ping", "PING", "analyze.", "stats "]), "r%d" % n)])
    if kind < 0.55:
        return "mutated payload", frame(mutate(rng, base)), 1
    if kind < 0.7:
        payload = mutate(rng, base)
        return "wrong length prefix", struct.pack(">I", max(0, len(payload) + rng.randint(-8, 8))) + payload, None
    if kind < 0.8:
        return "random bytes", bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))), None
    if kind < 0.9:
        return "truncated frame", frame(base)[: rng.randint(1, len(base) + 3)], None
    return "valid", frame(base), 1


async def exchange(path, data, expected, split=False, timeout=8.0):
    """Sends data; reads frames until `expected` answers or the engine closes. With expected None (what comes
    back is unpredictable) the write side is closed after sending, so the engine answers what it read and closes."""
    reader, writer = await asyncio.open_unix_connection(path, limit=1 << 26)
    answers, problem = [], None
    try:
        try:
            if split:
                for i in range(0, len(data), 7):
                    writer.write(data[i:i + 7])
                    await writer.drain()
            else:
                writer.write(data)
                await writer.drain()
            if expected is None:
                writer.write_eof()
        except ConnectionError:
            pass  # the engine closed after a BAD_FRAME while bytes were still going out: read what it answered
        deadline = time.monotonic() + timeout
        while expected is None or len(answers) < expected:
            try:
                head = await asyncio.wait_for(reader.readexactly(4), max(0.01, deadline - time.monotonic()))
                size = struct.unpack(">I", head)[0]
                payload = await asyncio.wait_for(reader.readexactly(size), timeout)
            except asyncio.TimeoutError:
                problem = "hang: %d of %s answers within %.0f s" % (len(answers), expected or "any", timeout)
                break
            except (asyncio.IncompleteReadError, ConnectionError):
                break
            try:
                message = json.loads(payload)
                assert isinstance(message, dict) and isinstance(message.get("ok"), bool)
            except Exception:
                problem = "malformed answer %r" % payload[:100]
                break
            answers.append(message)
    finally:
        writer.close()
    return answers, problem


async def ping_ok(path):
    answers, problem = await exchange(path, frame(request(rid="alive")), 1, timeout=5)
    return bool(answers and answers[0].get("ok") is True)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("pid", type=int)
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = [(name, data, expected, False) for name, data, expected in FIXED]
    cases += [(name + " (split in 7-byte writes)", data, expected, True) for name, data, expected in FIXED[:12]]
    cases += [random_case(rng, n) + (rng.random() < 0.1,) for n in range(args.cases)]
    queue = collections.deque(cases)
    codes, findings, sent = collections.Counter(), [], [0]

    async def worker():
        while queue:
            name, data, expected, split = queue.popleft()
            sent[0] += 1
            try:
                answers, problem = await exchange(args.socket, data, expected, split)
            except OSError as error:  # connecting failed: the engine is gone or refuses connections
                findings.append("%s: %s (%s)" % (name, type(error).__name__, error))
                continue
            for message in answers:
                code = "ok" if message["ok"] else (message.get("error") or {}).get("code")
                codes[code] += 1
                if code != "ok" and code not in CODES:
                    findings.append("%s: code %r (%s)" % (name, code, json.dumps(message)[:160]))
            if problem:
                findings.append("%s: %s" % (name, problem))

    started = time.monotonic()
    await asyncio.gather(*[worker() for _ in range(args.connections)])
    took = time.monotonic() - started
    try:
        os.kill(args.pid, 0)
        alive = True
    except OSError:
        alive = False
    answering = alive and await ping_ok(args.socket)
    if args.out:
        json.dump({"cases": sent[0], "codes": codes, "findings": findings, "alive": alive, "ping": answering}, open(args.out, "w"), indent=1)
    emit("R4", "engine frame fuzzer: %d cases (%d hand-written), %d connections at once, seed %d" % (
        sent[0], len(FIXED) + 12, args.connections, args.seed), "%d findings" % len(findings),
         "0 crashes, 0 undocumented codes or INTERNAL, 0 hangs", not findings and answering,
         "engine alive: %s, answers ping: %s; %.1f s; answers: %s%s" % (
             alive, answering, took, counts(codes), ("; findings: " + "; ".join(findings[:8])) if findings else ""))
    return 0 if (not findings and answering) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
