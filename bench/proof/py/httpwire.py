"""A small asyncio HTTP/1.1 client for the proof harness: keep-alive connections, Content-Length and chunked
bodies, raw bytes when a test must send something no library would. Standard library only, loopback only.
"""
import asyncio
import time


class Response:
    __slots__ = ("status", "headers", "body", "started", "elapsed", "closed")

    def __init__(self, status, headers, body, started, elapsed, closed):
        self.status = status
        self.headers = headers  # lower-case name -> last value
        self.body = body
        self.started = started  # time.monotonic() when the request was sent
        self.elapsed = elapsed  # seconds until the whole body was read
        self.closed = closed  # the server said Connection: close (or closed after the body)

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


class ProtocolError(Exception):
    pass


async def read_response(reader, method="GET"):
    """Reads one response from `reader`; returns (status, headers, body, close)."""
    line = await reader.readline()
    if not line:
        raise ProtocolError("connection closed before a status line")
    parts = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ProtocolError("bad status line %r" % line[:80])
    status = int(parts[1])
    headers = {}
    while True:
        line = await reader.readline()
        if not line:
            raise ProtocolError("connection closed inside the head")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    close = headers.get("connection", "").lower() == "close"
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return status, headers, b"", close
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size_line = await reader.readline()
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                break
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        return status, headers, b"".join(chunks), close
    if "content-length" in headers:
        return status, headers, await reader.readexactly(int(headers["content-length"])), close
    return status, headers, await reader.read(), True


def build_request(method, path, host, headers=None, body=None):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s" % host]
    for name, value in (headers or {}).items():
        lines.append("%s: %s" % (name, value))
    if body is not None:
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


class Connection:
    """One keep-alive connection to host:port; reconnects when the server closes it."""

    def __init__(self, host, port, timeout=10.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except Exception:
                pass
        self.reader = self.writer = None

    async def request(self, method, path, headers=None, body=None):
        """Sends one request; returns a Response. Raises on a connection error or the timeout."""
        started = time.monotonic()
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.timeout)
            self.writer.write(build_request(method, path, "%s:%d" % (self.host, self.port), headers, body))
            status, heads, payload, close = await asyncio.wait_for(read_response(self.reader, method), self.timeout)
        except BaseException:
            await self.close()
            raise
        if close:
            await self.close()
        return Response(status, heads, payload, started, time.monotonic() - started, close)


async def raw_exchange(host, port, data, timeout=5.0, method="GET"):
    """Opens a connection, sends `data` (bytes), reads one response. Returns (Response or None, what happened)."""
    started = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except Exception as error:
        return None, "connect failed: %s" % type(error).__name__
    try:
        writer.write(data)
        await writer.drain()
        status, headers, body, close = await asyncio.wait_for(read_response(reader, method), timeout)
        return Response(status, headers, body, started, time.monotonic() - started, close), "answered"
    except asyncio.TimeoutError:
        return None, "no answer within %.0f s" % timeout
    except (ProtocolError, asyncio.IncompleteReadError, ConnectionError) as error:
        return None, "closed without an answer (%s)" % type(error).__name__
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except Exception:
            pass


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (fraction in 0..1); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]
