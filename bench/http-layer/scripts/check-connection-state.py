#!/usr/bin/env python3
"""Does answering cache hits from an extra channel handler keep Hummingbird's connection handling correct?

Runs the built `hb-eventloop` server (bench/http-layer/.build/release) with the hit handler in both places:
  additional   via HTTP1Channel's additionalChannelHandlers: before HTTPConnectionStateHandler
  after-state  via GatewayHTTP1Channel: after HTTPConnectionStateHandler
and checks, on 127.0.0.1 only:
  keep-alive      3 hits on one connection
  conn-close      a hit with `Connection: close` is answered, then the connection closes
  pipelined       /other,/body,/other,/body and /body,/body,/other,/body, each in one write, come back in
                  request order (sync hit, and hit delayed 50 ms)
  idle-timeout    idle timeout 1 s, a hit every 0.3 s for 3 s: the busy connection must stay open
  shutdown        hit answered after 1 s (stand-in for a slow Redis reply), SIGTERM at 0.2 s: the response must
                  still arrive before the connection closes (graceful shutdown)
Prints one line per check and exits non-zero if an expectation about the *after-state* placement fails
(the additional placement is expected to fail idle-timeout and shutdown; that is the finding).

Usage: python3 bench/http-layer/scripts/check-connection-state.py   (after `swift build -c release` or run.sh)
"""
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent.parent
BIN = HERE / ".build" / "release" / "hb-eventloop"
BODY = (HERE / "body.json").read_bytes()
HOST = "127.0.0.1"


def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, *options):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [str(BIN), "--port", str(self.port), "--body", str(HERE / "body.json"), *options],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("server did not start")

    def connect(self):
        s = socket.create_connection((HOST, self.port), timeout=5)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Reader:
    """Minimal HTTP/1.1 response reader (Content-Length bodies only)."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError
        self.buf += chunk

    def response(self):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            self._fill()
        body, self.buf = self.buf[:length], self.buf[length:]
        return int(lines[0].split()[1]), headers, body

    def closed(self, timeout=2.0):
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False


def get(path, close=False):
    extra = "Connection: close\r\n" if close else ""
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{extra}\r\n".encode()


def kind(resp):
    """hit = answered by the event-loop handler, hit/router = same body through the Hummingbird router
    (the router adds a Date header, the handler does not), routed = /other."""
    status, headers, body = resp
    if status == 200 and body == BODY:
        return "hit/router" if "date" in headers else "hit"
    return "routed" if body == b"routed\n" else f"?{status}"


def check_keepalive(placement):
    with Server("--placement", placement) as srv:
        s = srv.connect()
        r = Reader(s)
        kinds = []
        for _ in range(3):
            s.sendall(get("/body"))
            kinds.append(kind(r.response()))
        return kinds == ["hit"] * 3, f"{kinds}"


def check_conn_close(placement):
    with Server("--placement", placement) as srv:
        s = srv.connect()
        r = Reader(s)
        s.sendall(get("/body", close=True))
        resp = r.response()
        ok = kind(resp) == "hit" and resp[1].get("connection") == "close" and r.closed()
        return ok, f"{kind(resp)}, connection: {resp[1].get('connection')}, closed: {ok}"


def check_pipelined(placement, delay):
    """Responses must come back in request order, whoever answers them."""
    with Server("--placement", placement, "--hit-delay-ms", str(delay)) as srv:
        results = []
        for paths in (["/other", "/body", "/other", "/body"], ["/body", "/body", "/other", "/body"]):
            s = srv.connect()
            r = Reader(s)
            s.sendall(b"".join(get(p) for p in paths))
            kinds = [kind(r.response()) for _ in paths]
            expected = ["routed" if p == "/other" else "hit" for p in paths]
            results.append((all(k.startswith(e) for k, e in zip(kinds, expected)), kinds))
            s.close()
        return all(ok for ok, _ in results), " ".join(str(k) for _, k in results)


def check_idle_timeout(placement):
    with Server("--placement", placement, "--idle-timeout-s", "1") as srv:
        s = srv.connect()
        r = Reader(s)
        answered = 0
        start = time.time()
        try:
            while time.time() - start < 3.0:
                s.sendall(get("/body"))
                kind(r.response())
                answered += 1
                time.sleep(0.3)
        except (EOFError, ConnectionResetError, BrokenPipeError):
            return False, f"busy connection closed by the idle timeout after {time.time() - start:.1f}s ({answered} hits answered)"
        return True, f"connection open after {answered} hits in 3 s"


def check_shutdown(placement):
    with Server("--placement", placement, "--hit-delay-ms", "1000") as srv:
        s = srv.connect()
        r = Reader(s)
        s.sendall(get("/body"))
        time.sleep(0.2)
        srv.proc.send_signal(signal.SIGTERM)
        try:
            resp = r.response()
        except (EOFError, ConnectionResetError):
            return False, "connection closed before the in-flight hit was answered"
        return kind(resp) == "hit", f"in-flight hit answered ({kind(resp)}), then closed: {r.closed(5)}"


def main():
    if not BIN.exists():
        sys.exit(f"{BIN} missing: run `swift build -c release --package-path {HERE} --scratch-path {HERE}/.build`")
    checks = [
        ("keep-alive", check_keepalive),
        ("conn-close", check_conn_close),
        ("pipelined (sync hit)", lambda p: check_pipelined(p, 0)),
        ("pipelined (hit +50ms)", lambda p: check_pipelined(p, 50)),
        ("idle-timeout", check_idle_timeout),
        ("shutdown with hit in flight", check_shutdown),
    ]
    failed_after_state = 0
    for placement in ("additional", "after-state"):
        for name, check in checks:
            ok, detail = check(placement)
            print(f"{placement:12} {name:28} {'ok  ' if ok else 'FAIL'} {detail}", flush=True)
            if placement == "after-state" and not ok:
                failed_after_state += 1
    sys.exit(1 if failed_after_state else 0)


if __name__ == "__main__":
    main()
