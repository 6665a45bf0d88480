#!/usr/bin/env python3
"""wrk --latency output -> figures, and the cache-hit (P1, P2) and slow-client (R7) rows from them.

    wrkstats.py parse FILE                       # prints {"rps":…, "p50_ms":…, "p99_ms":…, "requests":…, "errors":…}
    wrkstats.py hits NGINX_FILES LB_FILES DIRECT_FILES [LBREF_FILES [LBKONG_FILES]]   # comma-separated lists, one
        # file per run; emits P1, P2 (LBREF, LBKONG: the same LB in front of nginx proxy_cache, of the Kong-like)
    wrkstats.py slow BASE_FILES LOADED_FILES SLOW_JSONS   # comma-separated, one per round; emits R7
    wrkstats.py cluster-hits SINGLE_FILES CLUSTER_FILES   # REDIS=cluster: emits P1 (cluster ÷ one Redis)
"""
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import emit, ms  # noqa: E402

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def parse(path):
    text = open(path).read()
    figures = {"rps": None, "p50_ms": None, "p99_ms": None, "requests": 0, "errors": 0}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        figures["rps"] = float(m.group(1))
    if m := re.search(r"^\s*50%\s+(\S+)", text, re.M):
        figures["p50_ms"] = to_ms(m.group(1))
    if m := re.search(r"^\s*99%\s+(\S+)", text, re.M):
        figures["p99_ms"] = to_ms(m.group(1))
    if m := re.search(r"(\d+) requests in", text):
        figures["requests"] = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        figures["errors"] += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        figures["errors"] += sum(int(g) for g in m.groups())
    return figures


def medians(files):
    runs = [parse(f) for f in files.split(",") if f]
    pick = lambda key: statistics.median([r[key] for r in runs if r[key] is not None]) if runs else None  # noqa: E731
    return {"rps": pick("rps"), "p50_ms": pick("p50_ms"), "p99_ms": pick("p99_ms"),
            "errors": sum(r["errors"] for r in runs), "runs": len(runs), "all": [round(r["rps"] or 0) for r in runs]}


def hits(nginx_files, lb_files, direct_files, lbref_files="", lbkong_files=""):
    """P1, P2 through the LB; with LBREF_FILES (the same LB in front of nginx proxy_cache), whether the same run's best
    upstream met the target through that LB too: a miss it shares is the LB's and the machine's, not the gateway's.
    With LBKONG_FILES (the same LB in front of the Kong-like reference), a second P1 row: TARGETS P1's own comparison,
    the gateways through the LB against the Kong-like through the same LB, same run."""
    nginx, lb, direct = medians(nginx_files), medians(lb_files), medians(direct_files)
    lbref = medians(lbref_files) if lbref_files else None
    ratio = lb["rps"] / nginx["rps"] if nginx["rps"] and lb["rps"] else 0
    direct_ratio = direct["rps"] / nginx["rps"] if nginx["rps"] and direct["rps"] else 0
    note = "nginx proxy_cache %.0f req/s (runs %s); through the LB to 3 gateways %.0f (runs %s), non-2xx/socket errors %d; " \
           "one gateway direct %.0f (%.2f×, runs %s)" % (
               nginx["rps"] or 0, nginx["all"], lb["rps"] or 0, lb["all"], lb["errors"], direct["rps"] or 0, direct_ratio, direct["all"])
    if lbref and lbref["rps"]:
        ref_ratio = lbref["rps"] / nginx["rps"] if nginx["rps"] else 0
        note += "; the same LB in front of nginx proxy_cache %.0f (%.2f×, runs %s): %s" % (
            lbref["rps"], ref_ratio, lbref["all"],
            "the LB leaves less than 0.5× to any upstream in this run (the target through it is beyond the machine)"
            if ref_ratio < 0.5 else "the target through the LB is within the machine in this run")
        note += "; gateways ÷ that: %.2f×" % (lb["rps"] / lbref["rps"] if lb["rps"] else 0)
    emit("P1", "cache-hit req/s through the LB ÷ nginx proxy_cache HIT (2 KB body, wrk -c32)", "%.2f×" % ratio,
         "≥ 0.5× (Kong-like)", ratio >= 0.5 and lb["errors"] == 0, note)
    lbkong = medians(lbkong_files) if lbkong_files else None
    if lbkong and lbkong["rps"]:
        kong_ratio = lb["rps"] / lbkong["rps"] if lb["rps"] else 0
        emit("P1", "cache-hit req/s through the LB ÷ the Kong-like reference through the same LB (2 KB body, wrk -c32)",
             "%.2f×" % kong_ratio, "≥ 1.0× (TARGETS P1, exact mode)", kong_ratio >= 1.0 and lb["errors"] == 0 and lbkong["errors"] == 0,
             "the LB in front of the Kong-like reference (nginx + Lua key check + one pipelined INCR+EXPIRE on the fleet's Redis, "
             "then proxy_cache) %.0f req/s (runs %s), p99 %s, non-2xx/socket errors %d; the LB in front of 3 gateways %.0f, p99 %s" % (
                 lbkong["rps"], lbkong["all"], ms(lbkong["p99_ms"]), lbkong["errors"], lb["rps"] or 0, ms(lb["p99_ms"])))
    p99_ratio = lb["p99_ms"] / nginx["p99_ms"] if nginx["p99_ms"] and lb["p99_ms"] else float("inf")
    p2_note = "p50 %s; one gateway direct p99 %s" % (ms(lb["p50_ms"]), ms(direct["p99_ms"]))
    if lbref and lbref["p99_ms"] is not None:
        p2_note += "; the same LB in front of nginx proxy_cache p99 %s (%s)" % (
            ms(lbref["p99_ms"]), "misses 2 ms itself: beyond the machine in this run" if lbref["p99_ms"] > 2.0 else "within 2 ms")
    if lbkong and lbkong["p99_ms"] is not None:
        p2_note += "; in front of the Kong-like reference p99 %s" % ms(lbkong["p99_ms"])
    emit("P2", "cache-hit p99 through the LB (nginx proxy_cache p99 %s)" % ms(nginx["p99_ms"]),
         "%s (%.1f× nginx)" % (ms(lb["p99_ms"]), p99_ratio), "≤ 2 ms and ≤ 3× nginx",
         lb["p99_ms"] is not None and lb["p99_ms"] <= 2.0 and p99_ratio <= 3.0, p2_note)


def cluster_hits(single_files, cluster_files):
    """P1 on Redis Cluster: the same hits through the LB with the gateways on the cluster and on one Redis."""
    single, cluster = medians(single_files), medians(cluster_files)
    ratio = cluster["rps"] / single["rps"] if single["rps"] and cluster["rps"] else 0
    emit("P1", "cache-hit req/s through the LB, gateways on Redis Cluster (3+3) ÷ on one Redis (2 KB body, wrk -c32)",
         "%.2f×" % ratio, "reported (same run, interleaved)", None if cluster["errors"] == 0 else False,
         "one Redis %.0f req/s (runs %s), p99 %s; cluster %.0f req/s (runs %s), p99 %s; non-2xx/socket errors %d / %d" % (
             single["rps"] or 0, single["all"], ms(single["p99_ms"]), cluster["rps"] or 0, cluster["all"], ms(cluster["p99_ms"]),
             single["errors"], cluster["errors"]))


def slow(base_files, loaded_files, slow_jsons):
    """Rounds of (wrk alone, wrk with slow clients); the p99s of each kind are averaged over the rounds."""
    bases = [parse(f) for f in base_files.split(",") if f]
    loadeds = [parse(f) for f in loaded_files.split(",") if f]
    slows = [json.load(open(f)) for f in slow_jsons.split(",") if f]
    base_p99 = statistics.mean(r["p99_ms"] for r in bases)
    loaded_p99 = statistics.mean(r["p99_ms"] for r in loadeds)
    errors = sum(r["errors"] for r in loadeds)
    ratio = loaded_p99 / base_p99 if base_p99 else float("inf")
    note = "normal clients (wrk -c8, one gateway direct, %d rounds): alone p99 %s (%s), %.0f req/s; with %d slow connections " \
           "p99 %s (%s), %.0f req/s, %d errors; slow connections held at the end of each round %s, closed by the gateway %s " \
           "(http.header_timeout_s)" % (
               len(bases), ms(base_p99), " / ".join(ms(r["p99_ms"]) for r in bases), statistics.mean(r["rps"] for r in bases),
               slows[0]["target"], ms(loaded_p99), " / ".join(ms(r["p99_ms"]) for r in loadeds),
               statistics.mean(r["rps"] for r in loadeds), errors, [s["open_at_end"] for s in slows], [s["closed_by_server"] for s in slows])
    emit("R7", "normal clients' p99 with %d slow clients ÷ alone" % slows[0]["target"], "%.2f×" % ratio,
         "≤ 2× unloaded, 0 errors", ratio <= 2.0 and errors == 0, note)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "parse":
        print(json.dumps(parse(sys.argv[2])))
    elif command == "hits":
        hits(*sys.argv[2:7])
    elif command == "slow":
        slow(*sys.argv[2:5])
    elif command == "cluster-hits":
        cluster_hits(*sys.argv[2:4])
    else:
        sys.exit("unknown command %s" % command)
