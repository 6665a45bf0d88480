#!/usr/bin/env python3
"""Share of a gateway's samples by pipeline stage, from `perf script` output (call graphs, leaf first).

Each sample goes to the first stage (from the leaf) whose marker its stack holds, so the shares add up to 100 % and
a stage counts what it does itself plus what it calls that no later marker claims. Markers are substrings of
Swift-mangled names. Usage: perf-breakdown.py perf.txt
"""
import collections
import sys

MARKERS = [
    ("EventLoopHitsV6answer", "hit path: answer (response fields, rate-limit headers, metrics)"),
    ("GatewayAccess", "hit path: rate-limit charge (exact: the script call)"),
    ("CacheStoreV10lookupHead", "hit path: entry head and marks read"),
    ("EventLoopHitsV7resolve", "hit path: key, memo, lease, hot entry"),
    ("HitFrontHandlerC7deliver", "hit front: writing the response"),
    ("HTTP1RequestScanner", "hit front: scanning the request bytes"),
    ("HitFrontHandler", "hit front: other"),
    ("HitPathHandlerC6finish", "hit handler: writing the response"),
    ("HitPathHandler", "hit handler: other"),
    ("EventLoopPromise", "future callbacks (Redis replies)"),
    ("RESPDecoder", "Redis reply parsing"),
    ("DrainCloseHandler", "DrainCloseHandler"),
    ("HTTPConnectionStateHandler", "HTTPConnectionStateHandler"),
    ("RequestBodyTimeoutHandler", "RequestBodyTimeoutHandler and the codec behind it"),
    ("HeaderLimitHandler", "HeaderLimitHandler"),
    ("RequestHeadTimeoutHandler", "RequestHeadTimeoutHandler"),
    ("HTTPResponseEncoder", "HTTP response encoding"),
    ("HTTPDecoder", "HTTP request parsing (llhttp)"),
    ("ByteToMessageHandler", "ByteToMessageHandler"),
    ("writev", "kernel: writev"),
    ("flushNow", "flush"),
    ("readFromSocket", "socket read"),
    ("SelectableEventLoop", "event loop"),
]


def main(path: str) -> None:
    counts: collections.Counter[str] = collections.Counter()
    total = 0
    for stack in open(path, encoding="utf-8", errors="replace").read().split("\n\n"):
        lines = [line.strip() for line in stack.strip().split("\n")[1:] if line.strip()]
        if not lines:
            continue
        total += 1
        label = "other"
        for frame in lines:
            match = next((name for marker, name in MARKERS if marker in frame), None)
            if match:
                label = match
                break
        counts[label] += 1
    print(f"{total} samples")
    for label, count in counts.most_common():
        print(f"{100 * count / total:6.1f}%  {label}")


if __name__ == "__main__":
    main(sys.argv[1])
