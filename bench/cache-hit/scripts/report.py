#!/usr/bin/env python3
"""The cache-hit benchmark's figures: one wrk run -> a JSON line; all runs -> the markdown report with verdicts.

  report.py run --file WRK_OUT --cell VARIANT@SIZE --run N --foreign PCT --compiler 0|1 --disturbed 0|1
                --measured 0|1 --calls JSON --out-bytes N --reads N --hwm-kb N --rss-kb N
      parses `wrk --latency` output and prints one JSON object (run.sh appends it to runs.jsonl). With --measured 1
      (gateway and Kong-like runs) the Redis figures are divided by the requests wrk reports: --calls is
      INFO commandstats after a CONFIG RESETSTAT ({"name": calls}), --out-bytes the total_net_output_bytes delta
      (Redis reply bytes), --reads the total_reads_processed delta.
  report.py report --meta META_TSV --runs RUNS_JSONL --probes PROBES_JSONL
      medians per variant and size, ratios, the TARGETS P1-P3 / P9 verdicts of issue #14, every run: markdown.

Medians of req/s, p50 and p99 are taken separately over a cell's runs (RUNS of them).
"""
import argparse
import json
import re
import statistics
import sys
import time

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
MIB = 1024 * 1024
RSS_BASE_KB = 64 * 1024  # P9: 64 MB (read as MiB) plus the hot cache's budget
HOT_DEFAULT = 64 * MIB  # cache.hot_max_bytes' default in issue #14, when the environment does not set it


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text or "")
    return round(float(match.group(1)) * UNITS[match.group(2)], 3) if match else None


def parse_run(args):
    text = open(args.file).read()
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    requests = re.search(r"^\s*(\d+) requests in", text, re.M)
    p50 = re.search(r"^\s*50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s*99%\s+(\S+)", text, re.M)
    if not (rps and requests and p50 and p99):
        sys.exit("could not parse wrk output")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = "; ".join(" ".join(line.split()) for line in text.splitlines() if re.search(r"Non-2xx|Socket errors", line))
    variant, size = args.cell.split("@")
    n = int(requests.group(1))
    record = {
        "cell": args.cell, "variant": variant, "size": size, "run": args.run,
        "rps": float(rps.group(1)), "p50_ms": to_ms(p50.group(1)), "p99_ms": to_ms(p99.group(1)), "requests": n,
        "non2xx": int(non2xx.group(1)) if non2xx else 0, "errors": errors,
        "foreign": args.foreign, "compiler": bool(args.compiler), "disturbed": bool(args.disturbed),
    }
    if args.split:
        fields = [float(x) for x in args.split.split()]
        idle, wrk, softirq = (int(x) for x in fields[:3])
        record.update(idle_pct=idle, wrk_cpu_pct=wrk, softirq_pct=softirq)
        if len(fields) >= 5 and record["rps"]:
            # CPU per request over the sampled window: a share of one CPU / requests per second
            record.update(server_us=round(fields[4] * 1e4 / record["rps"], 1), redis_us=round(fields[3] * 1e4 / record["rps"], 1))
        if len(fields) >= 6 and record["rps"]:
            # of which in the kernel (the servers' system time)
            record.update(server_kernel_us=round(fields[5] * 1e4 / record["rps"], 1))
    if args.measured and n:
        calls = json.loads(args.calls)
        record.update(
            calls={k: round(v / n, 4) for k, v in sorted(calls.items(), key=lambda kv: -kv[1])},
            commands_per_request=round(sum(calls.values()) / n, 4),
            evalsha_per_request=round(calls.get("evalsha", 0) / n, 4),
            reply_bytes_per_request=round(args.out_bytes / n, 1),
            reads_per_request=round(args.reads / n, 4),
        )
    if args.hwm_kb:
        record.update(hwm_kb=args.hwm_kb, rss_kb=args.rss_kb)
    print(json.dumps(record))
    line = (f"{args.cell} run {args.run}: {record['rps']:,.0f} req/s, p50 {record['p50_ms']} ms, p99 {record['p99_ms']} ms,"
            f" other load {args.foreign}%")
    if args.split:
        line += f", machine idle {record['idle_pct']}%, wrk {record['wrk_cpu_pct']}% of a CPU"
        if "server_us" in record:
            line += f", CPU per request: server {record['server_us']} µs"
            if "server_kernel_us" in record:
                line += f" (kernel {record['server_kernel_us']} µs)"
            line += f", Redis {record['redis_us']} µs"
    if "commands_per_request" in record:
        line += (f", Redis {record['commands_per_request']:.2f} commands and {record['reply_bytes_per_request']:.0f}"
                 " reply bytes per request")
    if args.hwm_kb:
        line += f", gateway VmHWM {args.hwm_kb} kB"
    if errors:
        line += f" ({errors})"
    print(f"[{time.strftime('%H:%M:%S')}] {line}", file=sys.stderr)


# ---------------------------------------------------------------- report

def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f}"


def cpu_per_request(x):
    if x.get("server_us") is None:
        return "—"
    kernel = "" if x.get("server_kernel_us") is None else f" ({x['server_kernel_us']:.0f})"
    return f"{x['server_us']:.0f}{kernel} / {x['redis_us']:.0f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def variant_info(v):
    return {
        "server": v.split("-")[0],
        "form": "post" if "-post" in v else "get",
        "gzip": "-gzip" in v,
        "mode": "leased" if v.endswith("-leased") else "exact",
        "redis": "-redis" in v,
    }


DESCRIBE = {
    "nginx": "nginx proxy_cache HIT",
    "kong": "Kong-like (nginx + Lua key check + INCR/EXPIRE + proxy_cache HIT)",
    "gateway": "gateway",
    "floor": "floor (floor/floor.c: the same bytes by sendfile, no user-space work)",
    "floor-redis": "floor + exact mode's Redis pipeline per loop pass (floor/floor-redis.c)",
}


def describe(v):
    i = variant_info(v)
    enc = "gzip" if i["gzip"] else "identity"
    if i["server"] != "gateway":
        return f"{DESCRIBE[i['server'] + ('-redis' if i['redis'] else '')]}, {enc}"
    return f"gateway {i['mode']}, {i['form'].upper()}, {enc}"


def verdict(ok):
    return "n/a" if ok is None else ("**met**" if ok else "**not met**")


def all_ok(items):
    """items: list of (label, ok|None) -> overall verdict (None if nothing measurable)."""
    known = [ok for _, ok in items if ok is not None]
    return None if not known else all(known)


def load_meta(path):
    meta = {}
    for line in open(path):
        key, _, value = line.rstrip("\n").partition("\t")
        meta[key] = value
    return meta


def hot_budget(env):
    match = re.search(r"TAGPULSE_CACHE_HOT_MAX_BYTES=(\d+)", env or "")
    return int(match.group(1)) if match else HOT_DEFAULT


def report(args):
    meta = load_meta(args.meta)
    runs = [json.loads(line) for line in open(args.runs) if line.strip()]
    probes = [json.loads(line) for line in open(args.probes) if line.strip()]
    variants = meta["variants"].split()
    sizes = meta["sizes"].split()
    modes = meta["modes"].split()
    nruns = int(meta["runs"])

    cells = {}
    for r in runs:
        cells.setdefault(r["cell"], []).append(r)

    def med(cell, key):
        values = [r[key] for r in cells.get(cell, []) if r.get(key) is not None]
        return statistics.median(values) if values else None

    R = {c: {k: med(c, k) for k in ("rps", "p50_ms", "p99_ms", "commands_per_request", "evalsha_per_request",
                                    "reply_bytes_per_request", "reads_per_request", "idle_pct", "wrk_cpu_pct",
                                    "server_us", "server_kernel_us", "redis_us")} for c in cells}
    for c, rs in cells.items():
        R[c]["hwm_kb"] = max((r.get("hwm_kb") or 0) for r in rs) or None
        notes = []
        dirty = [r for r in rs if r["disturbed"]]
        if dirty:
            notes.append(f"{len(dirty)}/{len(rs)} runs disturbed (other load up to {max(r['foreign'] for r in dirty)}%)")
        bad = sum(r["non2xx"] for r in rs)
        if bad:
            notes.append(f"{bad} non-2xx responses")
        ev = R[c]["evalsha_per_request"]
        i = variant_info(rs[0]["variant"])
        if i["server"] == "gateway" and i["mode"] == "exact" and ev is not None and 0 < ev < 0.99:
            # A tick's hits of one client share one script call (decision 0005): fewer calls than requests is
            # normal; (almost) no commands at all means decisions were taken without Redis.
            if (R[c]["commands_per_request"] or 0) < 0.3:
                notes.append(f"only {ev:.3f} EVALSHA per request and almost no other commands: degraded decisions?")
            else:
                notes.append(f"{ev:.3f} EVALSHA per request: ≈ {1 / ev:.1f} hits per script call")
        if i["server"] == "gateway" and i["mode"] == "leased" and (R[c]["commands_per_request"] or 0) >= 0.5:
            notes.append("leased mode not in effect?")
        R[c]["note"] = "; ".join(notes)

    def ref(v, size, server):
        i = variant_info(v)
        return R.get(f"{server}{'-gzip' if i['gzip'] else ''}@{size}")

    out = []
    p = out.append
    stamp = meta.get("stamp", "")
    p(f"# Cache-hit benchmark{(', ' + stamp) if stamp else ''}")
    p("")
    p(f"Command: `{meta['command']}` (each variant and size: `{meta['wrk']}`, {nruns} runs after a warm-up, interleaved;")
    p("medians of req/s, p50 and p99 taken separately; loopback; every server gets the same request: path, query, headers).")
    p("")
    kind = meta.get("key_kind", "bootstrap")
    described = "a stored key `tp_<id>_<secret>` made through the admin API" if kind == "stored" else "the gateways' bootstrap key"
    p(f"Requests (`Authorization: Bearer <key>`: {described}; tier `internal`, requests `100000000/min`):")
    for s in sizes:
        p(f"- **{s}**: body {int(meta['body_' + s]):,} bytes `{meta['content_type']}` identity, {int(meta['gz_' + s]):,} bytes gzip"
          f" (the gateway's stored entry; nginx and the Kong-like reference serve these bytes).")
        p(f"  GET `{meta['get_' + s]}`; POST `{meta['post_path']}` `{meta['post_' + s]}`. Warming: `Cache-Status: {meta['warm_' + s]}`.")
    p("- gateway modes: " + "; ".join(f"`{m}` (extra environment: `{meta.get('env_' + m) or 'none'}`)" for m in modes)
      + f". The binary contains the string `hot_max_bytes`: {meta['knows_hot']}; `RATELIMIT_MODE`/`ratelimit.mode`: {meta['knows_mode']}.")
    if meta.get("kong_check"):
        p(f"- Kong-like reference checked before measuring: {meta['kong_check']}.")
    p("")

    p("`machine idle %` and `wrk % of a CPU` are medians over the middle of the runs (`/proc/stat` and wrk's own CPU"
      " time): wrk near 100 % means the load generator (one thread), not the server, set the pace; a high idle share with"
      " wrk below 100 % means neither was saturated and the time went to waiting, for Redis or for a CPU to wake."
      " `server / Redis CPU µs per request` is the CPU time the server under test (the gateway's or nginx's processes,"
      " the engine included) and `redis-server` used over the same window, divided by the requests answered in it:"
      " what a request costs, whatever the waiting; in brackets, the part of the server's that was kernel (system) time:"
      " its syscalls, and the loopback's TCP work, which the kernel does in the sender's context.")
    p("")
    for s in sizes:
        p(f"## {s}: {int(meta['body_' + s]):,}-byte body")
        p("")
        p("| variant | req/s | p50 ms | p99 ms | × nginx, same encoding | × Kong-like, same encoding | p99 × nginx | bytes/response | Redis commands/request | Redis reply bytes/request | gateway VmHWM MiB | machine idle % | wrk % of a CPU | server (kernel) / Redis CPU µs per request | note |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for v in variants:
            c = f"{v}@{s}"
            if c not in R:
                continue
            x, ng, kg = R[c], ref(v, s, "nginx") or {}, ref(v, s, "kong") or {}
            hwm = f"{x['hwm_kb'] / 1024:.1f}" if x["hwm_kb"] else "—"
            measured = x["commands_per_request"] is not None
            p(f"| `{v}` — {describe(v)} | {x['rps']:,.0f} | {fmt(x['p50_ms'])} | {fmt(x['p99_ms'])} |"
              f" {fmt(ratio(x['rps'], ng.get('rps')))} | {fmt(ratio(x['rps'], kg.get('rps')))} |"
              f" {fmt(ratio(x['p99_ms'], ng.get('p99_ms')))} | {int(meta.get(f'bytes_{c}', 0)):,} |"
              f" {fmt(x['commands_per_request']) if measured else '—'} |"
              f" {fmt(x['reply_bytes_per_request'], 0) if measured else '—'} | {hwm} |"
              f" {fmt(x['idle_pct'], 0) if x['idle_pct'] is not None else '—'} |"
              f" {fmt(x['wrk_cpu_pct'], 0) if x['wrk_cpu_pct'] is not None else '—'} |"
              f" {cpu_per_request(x)} | {x['note']} |")
        p("")

    # ------------------------------------------------------------ targets
    p("## Targets (TARGETS P1–P3, P9; issue #14)")
    p("")
    if meta.get("pause"):
        p(f"**A paced run** (`PAUSE_MS={meta['pause']}`: each connection waits {meta['pause']} ms before each request): every"
          " server is offered the same load, below saturation (in bursts: wrk's millisecond timers end the pauses"
          " together), so req/s are the offered load and the P1 verdicts below do not apply; P2 is defined at"
          " saturation, so its verdicts here only say how much of a p99 the load makes.")
        p("")
    lines = []

    def floor_cell(gzip, s, redis):
        return f"floor{'-redis' if redis else ''}{'-gzip' if gzip else ''}@{s}"

    def machine_line(name, cells, target, redis):
        """What this run's floor says of the cells that missed `target`: beyond the machine, or the gateway's."""
        floors = [f for f in (floor_cell(gz, s, redis) for s in sizes for gz in (False, True)) if f in R]
        if not floors:
            return None
        missed = [(v, s) for v, s in cells if R[f"{v}@{s}"]["p99_ms"] > target]
        beyond, own = [], []
        for v, s in missed:
            f = R.get(floor_cell(variant_info(v)["gzip"], s, redis))
            if f is None:
                continue
            text = f"{label(v, s)} {fmt(R[f'{v}@{s}']['p99_ms'])} (floor {fmt(f['p99_ms'])})"
            (beyond if f["p99_ms"] > target else own).append(text)
        seen = ", ".join(f"{'gzip' if '-gzip' in f else 'identity'} {f.split('@')[1]} {fmt(R[f]['p99_ms'])} ms" for f in floors)
        work = " exact mode's Redis pipeline and" if redis else ""
        return (f"- **P2 {name}, this run's floor** (`{'floor-redis' if redis else 'floor'}`: the same bytes with"
                f"{work} no user-space work; p99 {seen}): cells missed where the floor"
                f" missed {target} ms too, beyond this machine in this run: {', '.join(beyond) or 'none'}; cells missed where"
                f" the floor met it, the gateway's: {', '.join(own) or 'none'}")

    def cells_of(mode):
        return [(v, s) for s in sizes for v in variants
                if variant_info(v)["server"] == "gateway" and variant_info(v)["mode"] == mode and f"{v}@{s}" in R]

    def label(v, s):
        i = variant_info(v)
        return f"{i['form'].upper()} {'gzip' if i['gzip'] else 'identity'} {s}"

    exact, leased = cells_of("exact"), cells_of("leased")
    if exact:
        items = [(label(v, s), None if not (ref(v, s, "kong") or {}).get("rps") else R[f"{v}@{s}"]["rps"] >= (ref(v, s, "kong") or {})["rps"])
                 for v, s in exact]
        figs = ", ".join(f"{label(v, s)} {fmt(ratio(R[f'{v}@{s}']['rps'], (ref(v, s, 'kong') or {}).get('rps')))}×" for v, s in exact)
        lines.append(f"- **P1 exact** (both forms ≥ 1.0× Kong-like, same encoding and size): {figs} — {verdict(all_ok(items))}")
        items = [(label(v, s), R[f"{v}@{s}"]["p99_ms"] <= 2.0) for v, s in exact]
        figs = ", ".join(f"{label(v, s)} {fmt(R[f'{v}@{s}']['p99_ms'])} ms" for v, s in exact)
        lines.append(f"- **P2 exact** (p99 ≤ 2 ms at {meta['connections']} connections): {figs} — {verdict(all_ok(items))}")
        machine = machine_line("exact", exact, 2.0, True)
        if machine:
            lines.append(machine)
        pr = [x for x in probes if x["mode"] == "exact"]
        rt = [(x["form"], x["reads_per_hit"] <= 1.05) for x in pr]
        figs = ", ".join(f"{x['form'].upper()} {x['reads_per_hit']} socket reads/hit ({x['commands_per_hit']} commands sent)" for x in pr)
        lines.append(f"- **P3 exact, round trips** (1 per hit; {meta['probe_requests']} sequential hits, where Redis's socket"
                     f" reads per hit = the separate writes a hit takes): {figs or 'no probe'} — {verdict(all_ok(rt))}")
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            growth = []
            for v in variants:
                a, b = R.get(f"{v}@{small}"), R.get(f"{v}@{large}")
                if a and b and (v, small) in exact and a["reply_bytes_per_request"]:
                    growth.append((v, a["reply_bytes_per_request"], b["reply_bytes_per_request"]))
            body_growth = int(meta["body_" + large]) / int(meta["body_" + small])
            items = [(v, b <= 1.25 * a + 64) for v, a, b in growth]
            figs = ", ".join(f"`{v}` {a:,.0f} → {b:,.0f}" for v, a, b in growth)
            lines.append(f"- **P3 exact, reply bytes independent of the body** (Redis reply bytes per request, {small} → {large},"
                         f" the body {body_growth:.0f}× larger; met when it grows ≤ 25 % + 64 bytes): {figs} — {verdict(all_ok(items))}")
    if leased:
        items, figs = [], []
        for v, s in leased:
            want = 0.8 if s == "small" else 0.7
            r = ratio(R[f"{v}@{s}"]["rps"], (ref(v, s, "nginx") or {}).get("rps"))
            items.append((label(v, s), None if r is None else r >= want))
            figs.append(f"{label(v, s)} {fmt(r)}× (≥ {want})")
        lines.append(f"- **P1 leased + hot cache** (both forms ≥ 0.8× nginx at 1.7 KB, ≥ 0.7× at 106 KB, same encoding): {', '.join(figs)} — {verdict(all_ok(items))}")
        items = [(label(v, s), R[f"{v}@{s}"]["p99_ms"] <= 1.5) for v, s in leased]
        figs = ", ".join(f"{label(v, s)} {fmt(R[f'{v}@{s}']['p99_ms'])} ms" for v, s in leased)
        lines.append(f"- **P2 leased** (p99 ≤ 1.5 ms): {figs} — {verdict(all_ok(items))}")
        machine = machine_line("leased", leased, 1.5, False)
        if machine:
            lines.append(machine)
        items = [(label(v, s), (R[f"{v}@{s}"]["commands_per_request"] or 0) < 0.05) for v, s in leased]
        figs = ", ".join(f"{label(v, s)} {fmt(R[f'{v}@{s}']['commands_per_request'], 3)}" for v, s in leased)
        lines.append(f"- **P3 leased** (< 0.05 Redis commands per hit, under load, INFO commandstats ÷ requests): {figs} — {verdict(all_ok(items))}")
    items, figs = [], []
    for m in modes:
        hwm = max([R[f"{v}@{s}"]["hwm_kb"] or 0 for v, s in cells_of(m)] + [int(meta.get("hwm_final_" + m) or 0)])
        budget_kb = RSS_BASE_KB + hot_budget(meta.get("env_" + m)) // 1024
        items.append((m, hwm <= budget_kb if hwm else None))
        figs.append(f"{m} {hwm / 1024:.1f} MiB (budget {budget_kb / 1024:.0f} MiB)")
    lines.append(f"- **P9** (gateway RSS ≤ 64 MiB + the hot cache's budget `TAGPULSE_CACHE_HOT_MAX_BYTES`, 64 MiB when unset;"
                 f" peak VmHWM over the runs): {', '.join(figs)} — {verdict(all_ok(items))}")
    out.extend(lines)
    p("")

    # ------------------------------------------------------------ Redis
    p("## Redis per request")
    p("")
    p("Under load: `CONFIG RESETSTAT` before each gateway / Kong-like run, then `INFO commandstats` calls (scripts' own"
      " commands included), `total_net_output_bytes` (reply bytes) and `total_reads_processed` ÷ the requests wrk"
      " reports. Socket reads below 1 under load mean requests shared writes (pipelining).")
    p("")
    p("| variant | size | commands/request | EVALSHA/request | reply bytes/request | socket reads/request | commands/request by name |")
    p("|---|---|---:|---:|---:|---:|---|")
    for s in sizes:
        for v in variants:
            c = f"{v}@{s}"
            if c not in R or R[c]["commands_per_request"] is None:
                continue
            last = cells[c][len(cells[c]) // 2].get("calls", {})
            by = ", ".join(f"{k} {val:g}" for k, val in list(last.items())[:8])
            p(f"| `{v}` | {s} | {fmt(R[c]['commands_per_request'], 3)} | {fmt(R[c]['evalsha_per_request'], 3)} |"
              f" {fmt(R[c]['reply_bytes_per_request'], 0)} | {fmt(R[c]['reads_per_request'], 3)} | {by} |")
    p("")
    if probes:
        p(f"One client, {meta['probe_requests']} hits in sequence under `MONITOR` (scripts/redis-probe.py), size `{probes[0]['size']}`:")
        p("")
        p("| mode | form | commands sent/hit | inside scripts/hit | socket reads/hit | EVALSHA and GET on one connection | µs apart (p50/p90) | gateway connections | idle commands/s |")
        p("|---|---|---|---|---:|---:|---:|---:|---:|")
        for x in probes:
            sent = ", ".join(f"{k} {v:g}" for k, v in x["commands"].items())
            inside = ", ".join(f"{k} {v:g}" for k, v in x["lua"].items())
            same = "—" if x.get("same_connection") is None else f"{x['same_connection'] * 100:.0f} %"
            gap = "—" if x.get("send_gap_us_p50") is None else f"{x['send_gap_us_p50']} / {x['send_gap_us_p90']}"
            p(f"| {x['mode']} | {x['form'].upper()} | {x['commands_per_hit']} ({sent}) | {x['lua_per_hit']} ({inside or '—'}) |"
              f" {x['reads_per_hit']} | {same} | {gap} | {x['connections']} | {x['idle_commands_per_s']} |")
        p("")

    # ------------------------------------------------------------ machine, every run
    p("## Machine and run")
    p("")
    for key in ("machine", "cpu", "build", "versions", "setup", "quiet", "timing"):
        p(f"- {meta[key]}")
    p(f"- CPU split: {meta.get('pinning', 'none')}")
    p("")
    p("<details><summary>every run</summary>")
    p("")
    p("| variant | size | run | req/s | p50 ms | p99 ms | requests | other load | Redis commands/req | reply bytes/req | VmHWM kB | notes |")
    p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in runs:
        notes = "; ".join(x for x in ("compiler ran" if r["compiler"] else "", r["errors"]) if x)
        p(f"| `{r['variant']}` | {r['size']} | {r['run']} | {r['rps']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['requests']:,} |"
          f" {r['foreign']}% | {fmt(r.get('commands_per_request'), 3) if r.get('commands_per_request') is not None else '—'} |"
          f" {fmt(r.get('reply_bytes_per_request'), 0) if r.get('reply_bytes_per_request') is not None else '—'} |"
          f" {r.get('hwm_kb') or '—'} | {notes} |")
    p("")
    p("Probes: " + "; ".join(f"`{json.dumps(x)}`" for x in probes))
    p("")
    p("</details>")
    print("\n".join(out))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--file", required=True)
    run.add_argument("--cell", required=True)
    run.add_argument("--run", type=int, required=True)
    run.add_argument("--foreign", type=int, default=0)
    run.add_argument("--split", default="", help="'IDLE WRK SOFTIRQ' from cpu-load.py (percentages)")
    run.add_argument("--compiler", type=int, default=0)
    run.add_argument("--disturbed", type=int, default=0)
    run.add_argument("--measured", type=int, default=0)
    run.add_argument("--calls", default="{}")
    run.add_argument("--out-bytes", type=int, default=0)
    run.add_argument("--reads", type=int, default=0)
    run.add_argument("--hwm-kb", type=int, default=0)
    run.add_argument("--rss-kb", type=int, default=0)
    rep = sub.add_parser("report")
    rep.add_argument("--meta", required=True)
    rep.add_argument("--runs", required=True)
    rep.add_argument("--probes", required=True)
    args = parser.parse_args()
    parse_run(args) if args.command == "run" else report(args)


if __name__ == "__main__":
    main()
