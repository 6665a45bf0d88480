#!/usr/bin/env python3
"""Hostile tenants (R9): every attack on one gateway at once, bounded in count and time, loopback only, while a
normal tenant (wrk, bench/proof/tenant.lua) does cache hits there; then the R9 rows.

    tenants.py attack PORT ATTACKER_KEY HIT_PATH DURATION_S OUT.json [--slow N] [--flood N] [--flood-from ADDR]
        [--big-mb MB] [--big-key KEY] [--parts slow,flood,big]
    tenants.py report FOLDER GATEWAY_VMHWM_KB HOT_MAX_BYTES     # reads FOLDER/r9-*; emits the R9 rows

The attack (all parts at once, each stopping at DURATION_S):
- slow bodies: --slow connections POST an analysis body with the attacker's key, one byte every 1–2 s; half
  announce 600 bytes (under http.event_loop_body_bytes: the event-loop hit path holds them), half 20,000 (over it:
  the router, where the per-client in-flight cap applies). A connection answered or closed is opened again (after
  Retry-After when there is one), so the pressure stays.
- bad-key flood: --flood GETs of the cached URL with random well-formed keys (`tp_<12>_<43>`), from --flood-from
  (a loopback address of its own; 127.0.0.1 shares the normal tenant's), 8 keep-alive connections, evenly paced.
- oversized bodies on the hit path, with --big-key (a second attacker: the first one's in-flight share is taken by
  its slow bodies, so its requests are refused 429 before any size check), one connection each, in a loop: a POST
  announcing --big-mb MB (Content-Length), a chunked POST of that size, a GET of the cached URL with a body that size.
--parts picks some (slow,flood,big). Writes {"parts": {part: {status: n}}, "slow_held_max", "flood_from", ...}.
The report reads the normal tenant's wrk files (alone, attacked, sharing the flood's address), the attacks' counts,
five `INFO commandstats` snapshots (before the tenant alone, before and after the attack, before and after the flood
alone) and the attacked gateway's VmHWM.
"""
import argparse
import asyncio
import collections
import json
import os
import random
import re
import string
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httpwire import read_response  # noqa: E402

HOST = "127.0.0.1"  # the gateway: loopback only, never anything else
PROMPT_BODY = b'{"hashtag":"skincare","max_posts":1,"max_comments_per_post":2,"ai_analysis_prompt":"What do people think about the price?'


class Attack:
    def __init__(self, args):
        self.args = args
        self.stop_at = time.monotonic() + args.duration
        self.parts = collections.defaultdict(collections.Counter)
        self.codes = collections.defaultdict(collections.Counter)  # part -> "status CODE" of the problems answered
        self.held = 0
        self.held_max = 0

    def left(self):
        return self.stop_at - time.monotonic()

    def count(self, part, status, body=b""):
        self.parts[part][str(status)] += 1
        if isinstance(status, int) and status >= 400:
            try:
                code = json.loads(body).get("code", "?")
            except ValueError:
                code = "not problem+json"
            self.codes[part]["%d %s" % (status, code)] += 1

    async def open(self, local=None):
        return await asyncio.wait_for(asyncio.open_connection(HOST, self.args.port, local_addr=(local, 0) if local else None), 5)

    def head(self, method, path, key, fields):
        lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s:%d" % (HOST, self.args.port), "Authorization: Bearer " + key] + fields
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    async def slow_body(self, index, announced):
        part = "slow bodies, %d bytes announced" % announced
        rng = random.Random(index)
        body = (PROMPT_BODY + b" " * announced)[:announced]
        while self.left() > 0.5:
            try:
                reader, writer = await self.open()
            except (OSError, asyncio.TimeoutError):
                self.count(part, "error:connect")
                await asyncio.sleep(0.5)
                continue
            retry, sent = 0.2, 0
            self.held += 1
            self.held_max = max(self.held_max, self.held)
            try:
                writer.write(self.head("POST", "/v1/analyze/hashtag", self.args.key,
                                       ["Content-Type: application/json", "Content-Length: %d" % announced]))
                answer = asyncio.ensure_future(read_response(reader, "POST"))
                while self.left() > 0 and not answer.done() and sent < announced:
                    await asyncio.wait([answer], timeout=min(rng.uniform(1.0, 2.0), max(0.0, self.left())))
                    if not answer.done():
                        writer.write(body[sent:sent + 1])
                        sent += 1
                if answer.done():
                    status, fields, payload, _ = answer.result()
                    self.count(part, status, payload)
                    retry = float(fields.get("retry-after", "0.2") or 0.2)
                else:
                    answer.cancel()
                    self.count(part, "held to the end")
            except Exception as error:  # the gateway closed it (a 408 is read first when it was sent)
                self.count(part, "closed:" + type(error).__name__)
            finally:
                self.held -= 1
                writer.close()
            await asyncio.sleep(min(retry, max(0.0, self.left())))

    async def flood(self, share):
        interval = (self.args.duration - 1.0) / max(1, share)
        alphabet_id, alphabet_secret = string.ascii_lowercase + string.digits, string.ascii_letters + string.digits
        reader = writer = None
        for n in range(share):
            if self.left() < 0.5:
                break
            due = self.stop_at - self.args.duration + n * interval
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            key = "tp_%s_%s" % ("".join(random.choices(alphabet_id, k=12)), "".join(random.choices(alphabet_secret, k=43)))
            try:
                if writer is None:
                    reader, writer = await self.open(self.args.flood_from)
                writer.write(self.head("GET", self.args.hit_path, key, []))
                status, _, payload, close = await asyncio.wait_for(read_response(reader), 5)
                self.count("bad-key flood", status, payload)
                if close:
                    writer.close()
                    writer = None
            except Exception as error:
                self.count("bad-key flood", "error:" + type(error).__name__)
                if writer is not None:
                    writer.close()
                writer = None
        if writer is not None:
            writer.close()

    async def oversized(self, kind):
        size = int(self.args.big_mb * 1024 * 1024)
        chunk = b"x" * 65536
        part = {"cl": "POST, Content-Length %s MB" % self.args.big_mb, "chunked": "POST, chunked %s MB" % self.args.big_mb,
                "get": "GET of the cached URL with a %s MB body" % self.args.big_mb}[kind]
        reader = writer = None
        while self.left() > 1.0:
            try:
                if writer is None:
                    reader, writer = await self.open()
                key = self.args.big_key or self.args.key
                if kind == "get":
                    writer.write(self.head("GET", self.args.hit_path, key, ["Content-Length: %d" % size]))
                elif kind == "cl":
                    writer.write(self.head("POST", "/v1/analyze/hashtag", key,
                                           ["Content-Type: application/json", "Content-Length: %d" % size]))
                else:
                    writer.write(self.head("POST", "/v1/analyze/hashtag", key,
                                           ["Content-Type: application/json", "Transfer-Encoding: chunked"]))
                answer = asyncio.ensure_future(read_response(reader, "GET" if kind == "get" else "POST"))
                sent = 0
                while sent < size and not answer.done():
                    piece = chunk if kind != "chunked" else b"%x\r\n%s\r\n" % (len(chunk), chunk)
                    writer.write(piece)
                    await asyncio.wait_for(writer.drain(), 5)
                    sent += len(chunk)
                if kind == "chunked" and sent >= size:
                    writer.write(b"0\r\n\r\n")  # the body complete (else the connection is closed below)
                status, _, payload, close = await asyncio.wait_for(answer, 5)
                self.count(part, status, payload)
                if close or sent < size:  # answered before the whole body: the rest would be read as its body
                    writer.close()
                    writer = None
            except Exception as error:
                self.count(part, "closed:" + type(error).__name__)
                if writer is not None:
                    writer.close()
                writer = None
            await asyncio.sleep(min(0.3, max(0.0, self.left())))
        if writer is not None:
            writer.close()

    async def run(self):
        parts = self.args.parts.split(",")
        tasks = [self.slow_body(i, 600 if i % 2 == 0 else 20_000) for i in range(self.args.slow)] if "slow" in parts else []
        if "flood" in parts:
            tasks += [self.flood(self.args.flood // 8 + (1 if i < self.args.flood % 8 else 0)) for i in range(8)]
        tasks += [self.oversized(kind) for kind in ("cl", "chunked", "get")] if "big" in parts else []
        await asyncio.gather(*tasks)
        return {"parts": {k: dict(v) for k, v in self.parts.items()}, "codes": {k: dict(v) for k, v in self.codes.items()}, "slow_held_max": self.held_max, "flood_from": self.args.flood_from,
                "slow": self.args.slow, "flood": self.args.flood, "big_mb": self.args.big_mb, "duration_s": self.args.duration,
                "tenant_connections": os.environ.get("R9_CONNECTIONS")}


def command_stats(path):
    """`INFO commandstats` → {command: calls}."""
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^cmdstat_([^:]+):calls=(\d+)", open(path).read(), re.M)}


def tenant_statuses(path):
    match = re.search(r"tenant statuses: (.*)", open(path).read())
    return json.loads(match.group(1)) if match else {}


def report(folder, vmhwm_kb, hot_max_bytes):
    """The R9 rows from the files the phase left in `folder` (r9-*.txt, r9-*.json)."""
    from results import counts, emit, ms
    from wrkstats import parse

    f = lambda name: os.path.join(folder, name)  # noqa: E731
    rounds = sorted(int(m.group(1)) for m in (re.fullmatch(r"r9-alone-(\d+)\.txt", n) for n in os.listdir(folder)) if m)
    alones = [parse(f("r9-alone-%d.txt" % i)) for i in rounds]
    loadeds = [parse(f("r9-loaded-%d.txt" % i)) for i in rounds]
    attacks = [json.load(open(f("r9-attack-%d.json" % i))) for i in rounds]
    shared = parse(f("r9-shared.txt"))
    solo, shared_flood = (json.load(open(f(name))) for name in ("r9-flood.json", "r9-shared-flood.json"))
    stats = [command_stats(f("r9-redis-%d.txt" % i)) for i in range(5)]
    alone_p99 = statistics.mean(r["p99_ms"] for r in alones)
    loaded_p99 = statistics.mean(r["p99_ms"] for r in loadeds)
    ratio = loaded_p99 / alone_p99 if alone_p99 else float("inf")
    tenant_bad = sum(r["errors"] for r in alones + loadeds)
    attack = attacks[0]
    emit("R9", "normal tenant's p99 (GET + POST hits, own key, wrk -c%s) under all the hostile tenants ÷ alone" % attack.get("tenant_connections", "?"),
         "%.2f×, %d failed" % (ratio, tenant_bad), "≤ 2× unloaded, every request answered 200", ratio <= 2.0 and tenant_bad == 0,
         "%d rounds: alone p99 %s (%s; p50 %s, %.0f req/s); under attack p99 %s (%s; p50 %s, %.0f req/s); statuses %s" % (
             len(rounds), ms(alone_p99), " / ".join(ms(r["p99_ms"]) for r in alones), ms(statistics.mean(r["p50_ms"] for r in alones)),
             statistics.mean(r["rps"] for r in alones), ms(loaded_p99), " / ".join(ms(r["p99_ms"]) for r in loadeds),
             ms(statistics.mean(r["p50_ms"] for r in loadeds)), statistics.mean(r["rps"] for r in loadeds),
             [tenant_statuses(f("r9-%s-%d.txt" % (kind, i))) for i in rounds for kind in ("alone", "loaded")]))
    parts, outcomes = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
    for one in attacks:
        for name, statuses in one["parts"].items():
            parts[name].update(statuses)
            outcomes[name].update({s: n for s, n in statuses.items() if not (s.isdigit() and int(s) >= 400)})
            outcomes[name].update(one.get("codes", {}).get(name, {}))
    loaded = loadeds[0]
    alone = alones[0]
    fives = sum(n for statuses in parts.values() for status, n in statuses.items() if status.isdigit() and int(status) >= 500)
    fives += sum(int(tenant_statuses(f("r9-%s-%d.txt" % (kind, i))).get("5xx", 0)) for i in rounds for kind in ("alone", "loaded"))
    emit("R9", "5xx answers (the hostile requests and the normal tenant)", str(fives), "0", fives == 0,
         "; ".join("%s: %s" % (name, counts(statuses)) for name, statuses in sorted(outcomes.items()))
         + "; slow connections open at once at most %s; %d rounds" % ([a["slow_held_max"] for a in attacks], len(rounds)))
    budget_mb = 64 + hot_max_bytes / 1048576
    emit("R9", "attacked gateway's peak RSS (VmHWM; started for the phase)", "%d MB" % (vmhwm_kb // 1024),
         "≤ 64 MB + cache.hot_max_bytes = %d MB" % budget_mb, vmhwm_kb / 1024 <= budget_mb)
    # Redis: what the bad-key flood costs alone (nothing else sends meanwhile), then the whole attack beyond the
    # normal tenant's own cost (its requests at the rate of commands per request measured alone).
    flood = collections.Counter(solo["parts"].get("bad-key flood", {}))
    solo_delta = {cmd: stats[4].get(cmd, 0) - stats[3].get(cmd, 0) for cmd in stats[4]}
    looked_up, refused = flood.get("401", 0), flood.get("429", 0)
    hgetall = solo_delta.get("hgetall", 0)
    emit("R9", "key-store lookups (HGETALL) for a bad-key flood alone: %d random keys from %s" % (sum(flood.values()), solo["flood_from"]),
         "+%d HGETALL: %d keys answered 401, %d refused 429" % (hgetall, looked_up, refused),
         "refused requests cost no lookup (HGETALL ≤ 401s)", hgetall <= looked_up,
         "Redis commands meanwhile: %s (each bad key costs the `ip` decision, one EVALSHA whose script runs GET and TIME, "
         "and SET when it admits: the limit is fleet-wide)" % ", ".join("%s +%d" % (c, n) for c, n in sorted(solo_delta.items(), key=lambda i: -i[1]) if n))
    per_request = {cmd: (stats[1].get(cmd, 0) - stats[0].get(cmd, 0)) / max(1, alone["requests"]) for cmd in stats[1]}
    delta = {cmd: stats[2].get(cmd, 0) - stats[1].get(cmd, 0) for cmd in stats[2]}
    excess = {cmd: delta[cmd] - per_request.get(cmd, 0) * loaded["requests"] for cmd in delta}
    parts = {name: collections.Counter(statuses) for name, statuses in attack["parts"].items()}
    refused_all = sum(n for name, statuses in parts.items() if name != "bad-key flood"
                      for status, n in statuses.items() if status in ("408", "413", "429"))
    flood_sent = sum(parts.get("bad-key flood", {}).values())
    flood_401 = parts.get("bad-key flood", {}).get("401", 0)
    answered = sum(statuses.get("200", 0) for name, statuses in parts.items() if name != "bad-key flood")
    emit("R9", "Redis commands during the whole attack (round 1) beyond the normal tenant's own",
         "EVALSHA %+.0f for %d bad keys (one `ip` decision each), HGETALL %+.0f for their %d 401s; EVALSHA %+.0f for the "
         "other parts' %d refusals and %d answers 200" % (
             excess.get("evalsha", 0), flood_sent, excess.get("hgetall", 0), flood_401, excess.get("evalsha", 0) - flood_sent,
             refused_all, answered),
        "refused requests cost nothing", None,
        "all: %s; the normal tenant's %d requests at its cost alone (%s per request) subtracted, which leaves %s; the flood: "
        "%s. Beyond the flood, a request that passed its key and in-flight checks is charged to its key's `requests` "
        "window (one EVALSHA) before its body is read: answers 200, 413s (the charge comes before the size check) and "
        "408s on the router path; 429 TOO_MANY_IN_FLIGHT and 408s held on the event loop cost nothing; a valid key "
        "fetched again after auth.cache_ttl_ms costs an HGETALL and its address charge and refund (2 EVALSHA)" % (
            ", ".join("%s +%d" % (c, n) for c, n in sorted(delta.items(), key=lambda i: -i[1]) if n), loaded["requests"],
            ", ".join("%s %.2f" % (c, n) for c, n in sorted(per_request.items(), key=lambda i: -i[1]) if n >= 0.01),
            ", ".join("%s %+.0f" % (c, n) for c, n in sorted(excess.items(), key=lambda i: -i[1]) if round(n)),
            counts(parts.get("bad-key flood", {}))))
    shared_bad = shared["errors"]
    emit("R9", "normal tenant sharing the flooding address (%s): failed requests" % shared_flood["flood_from"],
         "%d of %d" % (shared_bad, shared["requests"]), "0", shared_bad == 0,
         "%s while %d bad keys came from its address (%s); p99 %s" % (
             tenant_statuses(f("r9-shared.txt")), sum(shared_flood["parts"].get("bad-key flood", {}).values()),
             counts(shared_flood["parts"].get("bad-key flood", {})), ms(shared["p99_ms"])))


if __name__ == "__main__":
    if sys.argv[1] == "report":
        report(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        sys.exit(0)
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["attack"])
    parser.add_argument("port", type=int)
    parser.add_argument("key")
    parser.add_argument("hit_path")
    parser.add_argument("duration", type=float)
    parser.add_argument("out")
    parser.add_argument("--slow", type=int, default=96)
    parser.add_argument("--flood", type=int, default=3000)
    parser.add_argument("--flood-from", default="127.0.0.2")
    parser.add_argument("--big-mb", type=float, default=4)
    parser.add_argument("--parts", default="slow,flood,big")
    parser.add_argument("--big-key", default="", help="the oversized bodies' key (default: ATTACKER_KEY)")
    arguments = parser.parse_args()
    assert arguments.flood_from.startswith("127."), "loopback only"
    result = asyncio.run(Attack(arguments).run())
    json.dump(result, open(arguments.out, "w"), indent=1)
    print(json.dumps(result))
