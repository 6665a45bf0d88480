#!/usr/bin/env python3
"""Engine benchmark driver (stdlib only): TARGETS P5 (cold analysis vs the original's serial design) and P9
(engine peak RSS at the largest request). Started by run.sh, which runs the fake upstreams and cleans up.

Talks to the real `tagpulse-engine` binary over its Unix socket (4-byte big-endian length + one JSON object).
"""

import argparse
import datetime
import json
import os
import platform
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request

PROMPT = "What do people think about the price and would they buy it?"
RAPIDAPI_KEY = "bench-key-0123456789"
OPENAI_KEY = "sk-bench-0123456789abcdefghij"


def log(message):
    print(message, file=sys.stderr, flush=True)


class Fake:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def stats(self):
        with urllib.request.urlopen(self.base + "/__stats", timeout=10) as r:
            return json.loads(r.read())

    def set_delay(self, ms):
        return self.configure({"delay_ms": ms})

    def configure(self, config):
        req = urllib.request.Request(self.base + "/__config", data=json.dumps(config).encode(), method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())


class Engine:
    """One engine process with a given configuration; stopped with SIGTERM (then SIGKILL) by stop()."""

    def __init__(self, binary, work, name, port, extra_env):
        self.binary, self.work, self.name = binary, work, name
        self.socket_path = os.path.join(work, "engine.sock")
        env = {k: v for k, v in os.environ.items() if not (k.startswith("TAGPULSE_") or k.startswith("OPENAI_") or k.startswith("TIKTOK_"))}
        env.update(
            {
                "TIKTOK_RAPIDAPI_KEY": RAPIDAPI_KEY,
                "TIKTOK_BASE_URL": f"http://127.0.0.1:{port}",
                "OPENAI_API_KEY": OPENAI_KEY,
                "OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1",
                "TAGPULSE_ENGINE_SOCKET": self.socket_path,
                "TAGPULSE_LOG_FORMAT": "json",
                "TAGPULSE_LOG_LEVEL": "info",
            }
        )
        env.update(extra_env)
        self.env_shown = extra_env
        self.log_path = os.path.join(work, f"engine-{name}.log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([binary], env=env, stdout=self.log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        with open(os.path.join(work, "engine.pid"), "w") as f:
            f.write(str(self.proc.pid))
        self.sock = None
        self.next_id = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"engine exited at start-up with {self.proc.returncode}; log:\n{self.tail()}")
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(self.socket_path)
                break
            except OSError:
                self.sock.close()
                self.sock = None
                time.sleep(0.05)
        if self.sock is None:
            raise RuntimeError(f"engine socket never came up; log:\n{self.tail()}")
        pong = self.call("ping", None, timeout=10)
        if not pong.get("ok"):
            raise RuntimeError(f"ping failed: {pong}")
        self.version = (pong.get("result") or {}).get("version") or (pong.get("result") or {}).get("engine_version")

    def tail(self, n=40):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
        except OSError:
            return "(no log)"

    def call(self, method, params, timeout, deadline_ms=None):
        self.next_id += 1
        request = {"v": 1, "id": str(self.next_id), "method": method, "request_id": f"bench-{self.next_id}"}
        if deadline_ms is not None:
            request["deadline_ms"] = deadline_ms
        if params is not None:
            request["params"] = params
        payload = json.dumps(request).encode()
        self.sock.settimeout(timeout)
        self.sock.sendall(struct.pack(">I", len(payload)) + payload)
        header = self.recv_exact(4)
        (length,) = struct.unpack(">I", header)
        body = self.recv_exact(length)
        response = json.loads(body)
        response["_frame_bytes"] = length
        if response.get("id") != request["id"]:
            raise RuntimeError(f"answer for id {response.get('id')!r}, expected {request['id']!r}: {str(response)[:500]}")
        return response

    def recv_exact(self, n):
        chunks, got = [], 0
        while got < n:
            chunk = self.sock.recv(min(n - got, 1 << 20))
            if not chunk:
                raise RuntimeError(f"engine closed the connection; log:\n{self.tail()}")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def status(self):
        fields = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        return fields

    def stop(self):
        if self.sock is not None:
            self.sock.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                log(f"engine {self.name} did not stop within 15 s of SIGTERM; killing it")
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log_file.close()
        return self.proc.returncode


def analyze(engine, fake, target, max_posts, max_comments):
    before = fake.stats()["counts"]
    params = {"target": target, "max_posts": max_posts, "max_comments_per_post": max_comments, "ai_analysis_prompt": PROMPT}
    started = time.monotonic()
    response = engine.call("analyze.hashtag", params, timeout=660, deadline_ms=int(time.time() * 1000) + 600_000)
    wall = time.monotonic() - started
    after = fake.stats()
    delta = {k: after["counts"].get(k, 0) - before.get(k, 0) for k in after["counts"]}
    return wall, response, delta, after


def check(response, delta, max_posts, max_comments, label):
    """Cross-checks the engine's counts against what the fake served; returns a list of problems found."""
    problems = []
    if not response.get("ok"):
        problems.append(f"{label}: engine answered an error: {json.dumps(response.get('error'))}")
        return problems
    meta = response["result"]["metadata"]
    items = response["result"]["comment_analyses"]
    if meta.get("total_videos_analyzed") != max_posts:
        problems.append(f"{label}: total_videos_analyzed {meta.get('total_videos_analyzed')} != {max_posts}")
    if meta.get("comments_after_cleaning") != max_posts * max_comments:
        problems.append(f"{label}: comments_after_cleaning {meta.get('comments_after_cleaning')} != {max_posts * max_comments}")
    if meta.get("hashtag_api_calls") != delta.get("feed"):
        problems.append(f"{label}: hashtag_api_calls {meta.get('hashtag_api_calls')} but the fake served {delta.get('feed')} feed calls")
    if meta.get("comments_api_calls") != delta.get("comments"):
        problems.append(f"{label}: comments_api_calls {meta.get('comments_api_calls')} but the fake served {delta.get('comments')} comment calls")
    if meta.get("ai_analysis_api_calls") != delta.get("chat"):
        problems.append(f"{label}: ai_analysis_api_calls {meta.get('ai_analysis_api_calls')} but the fake served {delta.get('chat')} chat calls")
    served = delta.get("feed", 0) + delta.get("comments", 0) + delta.get("chat", 0)
    if meta.get("total_api_calls") != served:
        problems.append(f"{label}: total_api_calls {meta.get('total_api_calls')} but the fake served {served}")
    if delta.get("bad_auth") or delta.get("bad_host_header") or delta.get("other"):
        problems.append(f"{label}: bad credentials/headers/paths seen by the fake: {delta}")
    if meta.get("failed_analyses"):
        problems.append(f"{label}: failed_videos {meta.get('failed_videos')}")
    if meta.get("relevant_comments_extracted") != len(items):
        problems.append(f"{label}: relevant_comments_extracted {meta.get('relevant_comments_extracted')} != {len(items)} items")
    if meta.get("provider") != "rapidapi" or meta.get("analyzer") != "openai":
        problems.append(f"{label}: provider/analyzer {meta.get('provider')}/{meta.get('analyzer')}, expected rapidapi/openai")
    return problems


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception as error:  # noqa: BLE001
        return f"({error})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", required=True)
    parser.add_argument("--fake-port", type=int, required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--results-dir", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay-ms", type=float, default=100.0)
    args = parser.parse_args()

    fake = Fake(args.fake_port)
    fake.set_delay(args.delay_ms)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    designs = [
        ("TagPulse engine (defaults: comment_concurrency 8, analysis_concurrency 4)", "default", {}),
        (
            "original's serial design (comment_concurrency 1, analysis_concurrency 3)",
            "serial",
            {"TAGPULSE_PIPELINE_COMMENT_CONCURRENCY": "1", "TAGPULSE_PIPELINE_ANALYSIS_CONCURRENCY": "3"},
        ),
        (
            "informational, not the P5 figure: every video at once (comment_concurrency 20, analysis_concurrency 20)",
            "wide",
            {"TAGPULSE_PIPELINE_COMMENT_CONCURRENCY": "20", "TAGPULSE_PIPELINE_ANALYSIS_CONCURRENCY": "20"},
        ),
    ]
    problems = []
    results = {}
    for title, key, env in designs:
        engine = Engine(args.engine, args.work, key, args.fake_port, env)
        fake.configure({"reset_max_in_flight": True})
        runs = []
        try:
            for run in range(args.runs):
                target = f"bench{key}{stamp.lower()}r{run}"
                wall, response, delta, after = analyze(engine, fake, target, 20, 100)
                found = check(response, delta, 20, 100, f"{key} run {run + 1}")
                problems += found
                meta = (response.get("result") or {}).get("metadata", {})
                runs.append({"wall": wall, "delta": delta, "meta": meta, "frame": response["_frame_bytes"], "ok": response.get("ok")})
                log(
                    f"{key} run {run + 1}: {wall:.3f} s, fake calls {delta}, timings {meta.get('timings')}, "
                    f"max in flight {after['max_in_flight']}" + (f"  PROBLEMS: {found}" if found else "")
                )
        finally:
            code = engine.stop()
            if code not in (0, None):
                problems.append(f"{key}: engine exit code {code} after SIGTERM; log tail:\n{engine.tail()}")
        results[key] = {"title": title, "runs": runs, "version": engine.version, "max_in_flight": fake.stats()["max_in_flight"]}

    # P9: largest allowed hashtag request, fake at 5 ms.
    fake.set_delay(5)
    engine = Engine(args.engine, args.work, "rss", args.fake_port, {})
    try:
        idle = engine.status()
        wall, response, delta, _ = analyze(engine, fake, f"benchrss{stamp.lower()}", 50, 200)
        problems += check(response, delta, 50, 200, "largest request")
        status = engine.status()
        rss = {
            "wall": wall,
            "delta": delta,
            "meta": (response.get("result") or {}).get("metadata", {}),
            "frame": response["_frame_bytes"],
            "hwm_kb": int(status["VmHWM"].split()[0]),
            "rss_kb": int(status["VmRSS"].split()[0]),
            "idle_rss_kb": int(idle["VmRSS"].split()[0]),
            "threads": status.get("Threads"),
        }
        log(f"largest request: {wall:.3f} s, VmHWM {rss['hwm_kb']} kB, VmRSS {rss['rss_kb']} kB, frame {rss['frame']} bytes")
    finally:
        code = engine.stop()
        if code not in (0, None):
            problems.append(f"rss: engine exit code {code} after SIGTERM; log tail:\n{engine.tail()}")
    fake.set_delay(args.delay_ms)

    # Report.
    def median(values):
        return statistics.median(values)

    out = []
    out.append(f"# Engine benchmark — {stamp}\n")
    out.append("Cold `analyze.hashtag` straight on the engine's Unix socket, real `tagpulse-engine` release binary, ")
    out.append(f"fake RapidAPI + OpenAI upstreams on loopback answering every call after {args.delay_ms:g} ms ")
    out.append(f"(20 top-level comments per page). Median of {args.runs} runs per design, a new target per run, engine ")
    out.append("restarted between designs. The machine is shared and noisy: compare ratios, not absolute times.\n")
    out.append("## P5 — cold analysis, 20 videos × 100 comments (target ≥ 5×)\n")
    out.append("| design | wall time (median) | runs | upstream calls, run 1 (feed + comments + chat = total) | ratio |")
    out.append("|---|---|---|---|---|")
    base = median([r["wall"] for r in results["serial"]["runs"]])
    for key in ("default", "serial", "wide"):
        r = results[key]
        walls = [x["wall"] for x in r["runs"]]
        d = r["runs"][0]["delta"]
        calls = f"{d.get('feed', 0)} + {d.get('comments', 0)} + {d.get('chat', 0)} = {d.get('feed', 0) + d.get('comments', 0) + d.get('chat', 0)}"
        ratio = base / median(walls)
        out.append(f"| {r['title']} | {median(walls):.2f} s | {', '.join(f'{w:.2f}' for w in walls)} | {calls} | {ratio:.2f}× |")
    speedup = base / median([r["wall"] for r in results["default"]["runs"]])
    out.append(f"\nP5 speed-up (defaults vs serial): **{speedup:.2f}×** (target ≥ 5×: {'met' if speedup >= 5 else 'NOT met'}).\n")
    inflight = ", ".join(f"{k} {results[k]['max_in_flight']}" for k in ("default", "serial", "wide"))
    out.append(f"Most upstream calls in flight at once, seen by the fake: {inflight}.\n")
    out.append("Engine-reported figures per run (`metadata.timings` in ms; call counts from `metadata`):\n")
    out.append("| design | run | collect ms | analyze ms | total ms | hashtag_api_calls | comments_api_calls | ai_analysis_api_calls | total_api_calls | comments found / after cleaning | dropped | relevant | response bytes |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key in ("default", "serial", "wide"):
        for i, x in enumerate(results[key]["runs"]):
            m = x["meta"]
            t = m.get("timings", {})
            out.append(
                f"| {key} | {i + 1} | {t.get('collect_ms', t.get('collect_milliseconds'))} | {t.get('analyze_ms', t.get('analyze_milliseconds'))} | "
                f"{t.get('total_ms', t.get('total_milliseconds'))} | {m.get('hashtag_api_calls')} | {m.get('comments_api_calls')} | "
                f"{m.get('ai_analysis_api_calls')} | {m.get('total_api_calls')} | {m.get('total_comments_found')} / {m.get('comments_after_cleaning')} | "
                f"{json.dumps(m.get('comments_dropped'), sort_keys=True)} | {m.get('relevant_comments_extracted')} | {x['frame']} |"
            )
    out.append("")
    out.append("## P9 — engine peak RSS at the largest request (target ≤ 256 MB)\n")
    hwm_mb = rss["hwm_kb"] / 1024
    m = rss["meta"]
    out.append("| request | fake delay | wall time | upstream calls (feed + comments + chat) | VmHWM (peak RSS) | VmRSS after | idle RSS | response bytes | target |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    d = rss["delta"]
    out.append(
        f"| hashtag, max_posts 50, max_comments_per_post 200 ({m.get('comments_after_cleaning')} comments, {m.get('relevant_comments_extracted')} analyses) "
        f"| 5 ms | {rss['wall']:.2f} s | {d.get('feed', 0)} + {d.get('comments', 0)} + {d.get('chat', 0)} | **{hwm_mb:.1f} MB** | {rss['rss_kb'] / 1024:.1f} MB "
        f"| {rss['idle_rss_kb'] / 1024:.1f} MB | {rss['frame']} | ≤ 256 MB: {'met' if hwm_mb <= 256 else 'NOT met'} |"
    )
    out.append("")
    out.append("## Checks\n")
    out.append("Each response's counts were compared with the calls the fake actually served, and the fake checked ")
    out.append("`x-rapidapi-key`/`x-rapidapi-host` and `Authorization: Bearer` on every call.\n")
    if problems:
        out.append("**Problems:**\n")
        out += [f"- {p}" for p in problems]
    else:
        out.append("No problems: every count matched, no bad credentials, no failed videos, engines stopped with exit 0.")
    out.append("")
    out.append("## Machine\n")
    out.append("```")
    out.append(f"uname -a: {sh('uname -a')}")
    out.append(f"nproc: {sh('nproc')}")
    out.append(f"swift: {sh('swift --version 2>&1 | head -1')}")
    out.append(f"python: {platform.python_version()}")
    out.append(f"engine version: {results['default']['version']}")
    out.append(f"load average at the end: {sh('cat /proc/loadavg')}")
    out.append("```")
    text = "\n".join(out) + "\n"
    os.makedirs(args.results_dir, exist_ok=True)
    path = os.path.join(args.results_dir, f"{stamp}.md")
    with open(path, "w") as f:
        f.write(text)
    print(text)
    print(f"results written to {path}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
