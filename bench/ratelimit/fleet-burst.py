#!/usr/bin/env python3
"""A burst (or a steady overload) of GET requests spread round-robin over several gateways, counting the answers.

Used by hand for issue #5's "done when" check: three gateways on one Redis, a key limited to 100/min, 2000
requests from 32 threads with keep-alive connections; GCRA admits exactly the limit when the burst takes less than
one emission interval (period / limit), plus one per interval after that. The seed of issue #8's harness.

    python3 bench/ratelimit/fleet-burst.py 8711,8712,8713 <key> '/v1/hashtags/skincare/analysis?prompt=...' 2000

Prints {status: count}, the TagPulse-Degraded markers seen, and the wall time.
"""
import http.client, threading, sys, time, collections
ports = [int(p) for p in sys.argv[1].split(",")]
key = sys.argv[2]
path = sys.argv[3]
total = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
counts = collections.Counter(); degraded = collections.Counter()
lock = threading.Lock(); next_i = [0]
def worker(n):
    conns = {p: http.client.HTTPConnection("127.0.0.1", p) for p in ports}
    while True:
        with lock:
            i = next_i[0]; next_i[0] += 1
        if i >= total: return
        p = ports[i % len(ports)]
        c = conns[p]
        try:
            c.request("GET", path, headers={"Authorization": "Bearer " + key})
            r = c.getresponse(); r.read()
            with lock:
                counts[r.status] += 1
                if r.getheader("TagPulse-Degraded"): degraded[r.getheader("TagPulse-Degraded")] += 1
        except Exception as e:
            with lock: counts["error"] += 1
            conns[p] = http.client.HTTPConnection("127.0.0.1", p)
t = time.time()
ths = [threading.Thread(target=worker, args=(n,)) for n in range(32)]
[x.start() for x in ths]; [x.join() for x in ths]
print(dict(counts), dict(degraded), "%.2fs" % (time.time() - t))
