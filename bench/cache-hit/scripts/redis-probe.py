#!/usr/bin/env python3
"""What one cache hit costs in Redis, seen from Redis, with one client sending hits one after another.

  redis-probe.py --gateway HOST:PORT --path PATH --key KEY --redis HOST:PORT [--requests N] [--gzip] [--body JSON]

Opens MONITOR on the gateway's (private) Redis, sends N sequential keep-alive GETs of PATH with the key (with
--body: POSTs of that JSON body, the POST form), checks each is a 200 with `Cache-Status: TagPulse; hit`, then
prints one JSON object:

  requests            hits sent (all checked)
  commands            {name: calls per hit} sent by the gateway (MONITOR lines from a client address)
  lua                 {name: calls per hit} run inside scripts (MONITOR lines marked `lua`)
  reads_per_hit       Redis `total_reads_processed` delta / N: socket reads the server did per hit. With one
                      client in sequence nothing from other hits can share a read, so this is the number of
                      separate writes the gateway made per hit (1 = charge and lookup arrived together)
  same_connection     share of hits whose EVALSHA (requests charge) and GET (cache lookup) came on the same
                      Redis connection (null when a hit sends no such pair, e.g. one script call per hit)
  connections         distinct gateway connections seen
  send_gap_us_p50/p90 µs between Redis receiving a hit's EVALSHA and its lookup GET (MONITOR timestamps): a few
                      µs when both were sent at once, at least a round trip when the lookup waited for the charge
  hit_interval_us_p50 µs from one hit's EVALSHA to the next hit's (the whole sequential hit, for scale)
  idle_commands_per_s commands the gateway sends with no traffic (heartbeat, key cache), measured first

Background commands during the probe are included (they show up as small fractions). Only the benchmark's own
private Redis is probed; this script never writes to it.
"""
import argparse
import http.client
import json
import re
import socket
import sys
import threading
import time

LINE = re.compile(r'^\+?(\d+\.\d+) \[(\d+) ([^\]]+)\] "([^"]+)"')


def resp_command(*args):
    out = f"*{len(args)}\r\n"
    for a in args:
        out += f"${len(a.encode())}\r\n{a}\r\n"
    return out.encode()


class Redis:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=5)
        self.buf = b""

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self.buf += self.sock.recv(65536)
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode()
        if kind in (b"+", b"-"):
            return rest.decode()
        if kind == b":":
            return int(rest)
        if kind == b"*":
            return [self._read() for _ in range(int(rest))]
        raise ValueError(line)

    def call(self, *args):
        self.sock.sendall(resp_command(*args))
        return self._read()

    def info_int(self, section, field):
        text = self.call("INFO", section)
        match = re.search(rf"^{field}:(\d+)", text, re.M)
        return int(match.group(1))

    def total_commands(self):
        """Calls per command name since the last reset (INFO commandstats)."""
        text = self.call("INFO", "commandstats")
        return {m.group(1): int(m.group(2)) for m in re.finditer(r"^cmdstat_([^:]+):calls=(\d+)", text, re.M)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--idle-seconds", type=float, default=3.0)
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--body", help="POST this JSON body to --path instead of a GET")
    args = parser.parse_args()
    ghost, gport = args.gateway.rsplit(":", 1)
    rhost, rport = args.redis.rsplit(":", 1)

    # Idle rate: commands the gateway sends by itself (our own INFO calls excluded).
    stats = Redis(rhost, int(rport))
    idle0 = sum(v for k, v in stats.total_commands().items() if not k.startswith(("info", "config", "monitor")))
    time.sleep(args.idle_seconds)
    idle1 = sum(v for k, v in stats.total_commands().items() if not k.startswith(("info", "config", "monitor")))
    idle_rate = (idle1 - idle0) / args.idle_seconds

    monitor = Redis(rhost, int(rport))
    monitor.sock.sendall(resp_command("MONITOR"))
    assert monitor._read() == "OK"
    own = {f"{a}:{p}" for a, p in (stats.sock.getsockname()[:2], monitor.sock.getsockname()[:2])}
    lines = []

    def collect():
        try:
            while True:
                lines.append(monitor._line().decode(errors="replace"))
        except (OSError, EOFError):
            pass

    reader = threading.Thread(target=collect, daemon=True)
    reader.start()
    time.sleep(0.2)

    headers = {"Authorization": f"Bearer {args.key}"}
    if args.gzip:
        headers["Accept-Encoding"] = "gzip"
    method, body = "GET", None
    if args.body is not None:
        method, body = "POST", args.body.encode()
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection(ghost, int(gport), timeout=5)
    reads0 = stats.info_int("stats", "total_reads_processed")
    for i in range(args.requests):
        conn.request(method, args.path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        cache_status = resp.getheader("Cache-Status") or ""
        if resp.status != 200 or not cache_status.startswith("TagPulse; hit"):
            print(json.dumps({"error": f"request {i}: status {resp.status}, Cache-Status: {cache_status!r}"}))
            sys.exit(1)
    reads1 = stats.info_int("stats", "total_reads_processed")
    conn.close()
    time.sleep(0.3)
    monitor.sock.close()
    reader.join(timeout=2)

    commands, lua, connections = {}, {}, set()
    # (time, client) of each EVALSHA and each lookup GET, in order: the k-th of each belong to hit k
    charges, lookups = [], []
    for line in lines:
        match = LINE.match(line)
        if not match:
            continue
        stamp, client, name = float(match.group(1)), match.group(3), match.group(4).lower()
        if client == "lua":
            lua[name] = lua.get(name, 0) + 1
            continue
        if client in own:
            continue
        connections.add(client)
        commands[name] = commands.get(name, 0) + 1
        if name == "evalsha":
            charges.append((stamp, client))
        elif name == "get":
            lookups.append((stamp, client))
    pairs = min(len(charges), len(lookups))
    same = sum(1 for a, b in zip(charges, lookups) if a[1] == b[1])
    # how far apart Redis saw a hit's two sends: a few µs when they left together, a round trip or more when the
    # lookup waited for the charge's reply
    gaps = sorted(abs(b[0] - a[0]) * 1e6 for a, b in zip(charges, lookups))
    hit_gaps = sorted((b[0] - a[0]) * 1e6 for a, b in zip(charges, charges[1:]))
    n = args.requests
    # reads: minus the one read of our second INFO call
    result = {
        "requests": n,
        "gzip": args.gzip,
        "method": method,
        "commands": {k: round(v / n, 3) for k, v in sorted(commands.items())},
        "lua": {k: round(v / n, 3) for k, v in sorted(lua.items())},
        "commands_per_hit": round(sum(commands.values()) / n, 3),
        "lua_per_hit": round(sum(lua.values()) / n, 3),
        "reads_per_hit": round((reads1 - reads0 - 1) / n, 3),
        "same_connection": round(same / pairs, 3) if pairs else None,
        "connections": len(connections),
        "send_gap_us_p50": round(gaps[len(gaps) // 2], 1) if gaps else None,
        "send_gap_us_p90": round(gaps[len(gaps) * 9 // 10], 1) if gaps else None,
        "hit_interval_us_p50": round(hit_gaps[len(hit_gaps) // 2], 1) if hit_gaps else None,
        "idle_commands_per_s": round(idle_rate, 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
