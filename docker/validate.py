#!/usr/bin/env python3
"""Structural checks of docker/ that need no Docker engine (run by docker/validate.sh).

compose.yaml: the services and their gateway+engine pairing, the `cluster` profile (validate_cluster.py), files and volumes it refers to, health-gated
start-up, drain timing, ports; haproxy.cfg and prometheus.yml list exactly the compose file's gateways; the
Dockerfile builds the manifest's executables and copies files that exist; the Grafana dashboard queries only
metrics the gateway exports, and all of them. Prints one line per file checked; exits 1 on any finding.
"""

import ipaddress
import json
import os
import re
import sys
import urllib.parse

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate_cluster import check_cluster  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DOCKER = os.path.join(ROOT, "docker")

# The metrics the gateway exports, as the README lists them, by type (a histogram is queried through _bucket, _sum
# and _count).
METRICS = {
    "tagpulse_http_requests_total": "counter",
    "tagpulse_http_request_duration_seconds": "histogram",
    "tagpulse_http_in_flight": "gauge",
    "tagpulse_cache_lookups_total": "counter",
    "tagpulse_ratelimit_decisions_total": "counter",
    "tagpulse_redis_command_duration_seconds": "histogram",
    "tagpulse_redis_errors_total": "counter",
    "tagpulse_engine_call_duration_seconds": "histogram",
    "tagpulse_engine_errors_total": "counter",
    "tagpulse_engine_in_flight": "gauge",
    "tagpulse_ready": "gauge",
    "tagpulse_draining": "gauge",
    "tagpulse_warm_items_total": "counter",
    # The engine's own, read over the socket at scrape time and exported by the gateway.
    "tagpulse_engine_requests_total": "counter",
    "tagpulse_engine_request_errors_total": "counter",
    "tagpulse_engine_analyses_in_flight": "gauge",
    "tagpulse_engine_analyses_capacity": "gauge",
    "tagpulse_engine_connections": "gauge",
    "tagpulse_engine_uptime_seconds": "gauge",
    "tagpulse_engine_upstream_calls_total": "counter",
    "tagpulse_engine_circuit_state": "gauge",
    "tagpulse_engine_up": "gauge",
}
GATEWAY_HTTP_PORT = 8080
METRICS_PORT = 9464
SOCKET_MOUNT = "/run/tagpulse"

findings = []


def fail(where, message):
    findings.append(f"{where}: {message}")


# Variables compose requires (`${NAME:?message}`), which this check does not need set: each stands for itself as
# `<NAME>`, so two places taking the same variable still compare equal.
REQUIRED = set()


def interpolate(text):
    """Compose's ${NAME}, ${NAME:-default}, ${NAME-default} and ${NAME:?message}, from the environment; $$ is a
    literal $. A required variable that is unset reads as `<NAME>` (and is noted in REQUIRED)."""

    def value(match):
        name, operator, default = match.group(1), match.group(2), match.group(3) or ""
        current = os.environ.get(name)
        if operator == ":-":
            return current if current else default
        if operator == "-":
            return default if current is None else current
        if operator in (":?", "?"):
            REQUIRED.add(name)
            return current if current else f"<{name}>"
        return current or ""

    # The message of ${NAME:?message} may hold $(…) and parentheses, never a closing brace.
    text = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}", value, text)
    return text.replace("$$", "$")


def interpolated(node):
    """Compose interpolates scalar values after parsing, never keys."""
    if isinstance(node, dict):
        return {key: interpolated(value) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolated(value) for value in node]
    return interpolate(node) if isinstance(node, str) else node


def load_yaml(name, raw=False):
    with open(os.path.join(DOCKER, name), encoding="utf-8") as file:
        document = yaml.safe_load(file)
    return document if raw else interpolated(document)


def duration_seconds(text):
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", str(text))
    if not match or not any(match.groups()):
        return None
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def pairs(services):
    """{N: (engine name, gateway name)} for the engine-N / gateway-N services."""
    found = {}
    for name in services:
        match = re.fullmatch(r"(engine|gateway)-(\d+)", name)
        if match:
            found.setdefault(int(match.group(2)), {})[match.group(1)] = name
    return found


def check_compose():
    compose = load_yaml("compose.yaml")
    services = compose.get("services") or {}
    for required in ("redis", "haproxy", "prometheus", "grafana"):
        if required not in services:
            fail("compose.yaml", f"no `{required}` service")
    numbered = pairs(services)
    if not numbered:
        fail("compose.yaml", "no engine-N/gateway-N pairs")
    declared_volumes = set((compose.get("volumes") or {}).keys())
    declared_networks = set((compose.get("networks") or {}).keys())
    used_volumes, used_networks, host_ports = {}, set(), []

    for name, service in services.items():
        where = f"compose.yaml: {name}"
        if "image" not in service and "build" not in service:
            fail(where, "neither image nor build")
        build = service.get("build")
        if build:
            context = os.path.normpath(os.path.join(DOCKER, build.get("context", ".")))
            if not os.path.isfile(os.path.join(context, build.get("dockerfile", "Dockerfile"))):
                fail(where, f"build: no {build.get('dockerfile')} under {context}")
        for mount in service.get("volumes") or []:
            source = mount.split(":")[0] if isinstance(mount, str) else mount.get("source", "")
            if source.startswith((".", "/")):
                if not os.path.exists(os.path.normpath(os.path.join(DOCKER, source))):
                    fail(where, f"mounts {source}, which is not in the repository")
            else:
                used_volumes.setdefault(source, []).append(name)
                if source not in declared_volumes:
                    fail(where, f"volume `{source}` is not declared under volumes:")
        networks = service.get("networks") or []
        for network in networks if isinstance(networks, list) else networks.keys():
            used_networks.add(network)
            if network not in declared_networks:
                fail(where, f"network `{network}` is not declared under networks:")
        for port in service.get("ports") or []:
            parts = str(port).split(":")
            if len(parts) < 2 or not all(part.isdigit() for part in parts[-2:]):
                fail(where, f"port `{port}` is not [address:]host:container")
            else:
                host_ports.append((parts[-3] if len(parts) > 2 else "0.0.0.0", parts[-2]))
        for dependency, condition in (service.get("depends_on") or {}).items():
            if dependency not in services:
                fail(where, f"depends on unknown service `{dependency}`")
            elif (condition or {}).get("condition") == "service_healthy" and "healthcheck" not in services[dependency]:
                fail(where, f"waits for `{dependency}` to be healthy, which has no healthcheck")
    for volume in declared_volumes - set(used_volumes):
        fail("compose.yaml", f"volume `{volume}` is declared but unused")
    for network in declared_networks - used_networks:
        fail("compose.yaml", f"network `{network}` is declared but unused")
    if len(set(host_ports)) != len(host_ports):
        fail("compose.yaml", f"a host port is published twice: {sorted(host_ports)}")
    if not any(str(port).split(":")[-1] == "8080" for port in services.get("haproxy", {}).get("ports") or []):
        fail("compose.yaml: haproxy", "does not publish port 8080")

    redis_command = " ".join(services.get("redis", {}).get("command") or [])
    if "/usr/local/etc/redis/redis.conf" not in redis_command:
        fail("compose.yaml: redis", "is not started with the mounted redis/redis.conf")

    bootstrap_keys, gateways, redis_passwords, trusted_proxies = set(), [], set(), set()
    for number, pair in sorted(numbered.items()):
        engine_name, gateway_name = pair.get("engine"), pair.get("gateway")
        if not engine_name or not gateway_name:
            fail("compose.yaml", f"pair {number} is incomplete: {pair}")
            continue
        gateways.append(gateway_name)
        engine, gateway = services[engine_name], services[gateway_name]
        engine_env, gateway_env = environment(engine), environment(gateway)
        shared = [v.split(":")[0] for v in engine.get("volumes") or [] if v.split(":")[1] == SOCKET_MOUNT]
        if not shared:
            fail(f"compose.yaml: {engine_name}", f"mounts no volume at {SOCKET_MOUNT}")
        elif sorted(used_volumes.get(shared[0], [])) != sorted([engine_name, gateway_name]):
            fail(f"compose.yaml: {engine_name}", f"socket volume `{shared[0]}` is mounted by {used_volumes.get(shared[0])}")
        socket = engine_env.get("TAGPULSE_ENGINE_SOCKET")
        if not socket or not socket.startswith(SOCKET_MOUNT + "/") or gateway_env.get("TAGPULSE_ENGINE_SOCKET") != socket:
            fail(f"compose.yaml: {gateway_name}", "TAGPULSE_ENGINE_SOCKET differs from its engine's or is outside the volume")
        if engine.get("command") != ["engine"] or gateway.get("command") != ["gateway"]:
            fail(f"compose.yaml: pair {number}", "commands are not [engine] / [gateway]")
        depends = gateway.get("depends_on") or {}
        for dependency in ("redis", engine_name):
            if (depends.get(dependency) or {}).get("condition") != "service_healthy":
                fail(f"compose.yaml: {gateway_name}", f"does not wait for `{dependency}` to be healthy")
        expected = {
            "TAGPULSE_HTTP_HOST": "0.0.0.0",
            "TAGPULSE_HTTP_PORT": str(GATEWAY_HTTP_PORT),
            "TAGPULSE_METRICS_HOST": "0.0.0.0",
            "TAGPULSE_METRICS_PORT": str(METRICS_PORT),
        }
        for key, value in expected.items():
            if str(gateway_env.get(key)) != value:
                fail(f"compose.yaml: {gateway_name}", f"{key} is {gateway_env.get(key)!r}, not {value!r}")
        redis_url = urllib.parse.urlsplit(str(gateway_env.get("TAGPULSE_REDIS_URL", "")))
        if redis_url.scheme != "redis" or redis_url.hostname != "redis" or redis_url.port != 6379:
            fail(f"compose.yaml: {gateway_name}", "TAGPULSE_REDIS_URL does not point at the redis service")
        redis_passwords.add(redis_url.password)
        trusted_proxies.add(str(gateway_env.get("TAGPULSE_TRUSTED_PROXIES", "")))
        bootstrap_keys.add(gateway_env.get("TAGPULSE_BOOTSTRAP_KEY"))
        try:
            drain = int(gateway_env["TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS"]) + int(gateway_env["TAGPULSE_SHUTDOWN_GRACE_PERIOD_MS"])
        except (KeyError, ValueError):
            fail(f"compose.yaml: {gateway_name}", "TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS / _GRACE_PERIOD_MS are not set")
            drain = 0
        grace = duration_seconds(gateway.get("stop_grace_period", "10s"))
        if grace is None or grace * 1000 <= drain:
            fail(f"compose.yaml: {gateway_name}", f"stop_grace_period {gateway.get('stop_grace_period')} does not cover {drain} ms of drain")
        if (duration_seconds(engine.get("stop_grace_period", "10s")) or 0) < (grace or 0):
            fail(f"compose.yaml: {engine_name}", "stops sooner than its gateway may still be draining")
    if len(bootstrap_keys) != 1 or None in bootstrap_keys or len(next(iter(bootstrap_keys)) or "") < 16:
        fail("compose.yaml", "the gateways do not share one bootstrap key of at least 16 characters")
    check_exposure(services, gateways, redis_passwords, trusted_proxies)
    haproxy_depends = services.get("haproxy", {}).get("depends_on") or {}
    for gateway in gateways:
        if (haproxy_depends.get(gateway) or {}).get("condition") != "service_healthy":
            fail("compose.yaml: haproxy", f"does not wait for `{gateway}` to be healthy")
    print(f"compose.yaml: {len(services)} services, {len(gateways)} gateway+engine pairs, {len(declared_volumes)} volumes")
    with open(os.path.join(DOCKER, "compose.yaml"), encoding="utf-8") as file:
        check_cluster(services, gateways, file.read(), environment, fail)
    return compose, gateways


def check_exposure(services, gateways, redis_passwords, trusted_proxies):
    """Issue #15: no default admin key, loopback ports unless told otherwise, a Redis password, and X-Forwarded-For
    trusted from HAProxy's address alone."""
    raw = load_yaml("compose.yaml", raw=True)
    raw_services = raw.get("services") or {}
    for gateway in gateways:
        raw_key = str(environment(raw_services.get(gateway, {})).get("TAGPULSE_BOOTSTRAP_KEY", ""))
        if not re.fullmatch(r"\$\{TAGPULSE_BOOTSTRAP_KEY:\?[^}]+\}", raw_key):
            fail(f"compose.yaml: {gateway}", "TAGPULSE_BOOTSTRAP_KEY must be required (${TAGPULSE_BOOTSTRAP_KEY:?message}), with no default")
    for name, service in raw_services.items():
        for port in service.get("ports") or []:
            text = str(port)
            if name == "haproxy" and text.endswith(":8080"):
                if not text.startswith("${TAGPULSE_PUBLIC_ADDRESS:-127.0.0.1}:"):
                    fail("compose.yaml: haproxy", "the API port is not published on ${TAGPULSE_PUBLIC_ADDRESS:-127.0.0.1}")
            elif not text.startswith("127.0.0.1:"):
                fail(f"compose.yaml: {name}", f"port `{text}` is not published on 127.0.0.1")
    redis_command = [str(part) for part in services.get("redis", {}).get("command") or []]
    password = redis_command[redis_command.index("--requirepass") + 1] if "--requirepass" in redis_command[:-1] else None
    if not password:
        fail("compose.yaml: redis", "runs without --requirepass")
    elif "TAGPULSE_REDIS_PASSWORD" not in REQUIRED:
        fail("compose.yaml: redis", "the password is not a required variable (${TAGPULSE_REDIS_PASSWORD:?message})")
    if redis_passwords != {password}:
        fail("compose.yaml", "the gateways' TAGPULSE_REDIS_URL does not carry the redis service's password")
    if environment(services.get("redis", {})).get("REDISCLI_AUTH") != password:
        fail("compose.yaml: redis", "the health check's redis-cli has no REDISCLI_AUTH")
    edge = (services.get("haproxy", {}).get("networks") or {})
    lb_address = (edge.get("edge") or {}).get("ipv4_address") if isinstance(edge, dict) else None
    subnets = [entry.get("subnet") for entry in (((load_yaml("compose.yaml").get("networks") or {}).get("edge") or {}).get("ipam") or {}).get("config") or []]
    if not lb_address:
        fail("compose.yaml: haproxy", "has no fixed ipv4_address on the edge network")
    elif not any(ipaddress.ip_address(lb_address) in ipaddress.ip_network(subnet) for subnet in subnets if subnet):
        fail("compose.yaml: haproxy", f"its address {lb_address} is outside the edge network's subnet {subnets}")
    if trusted_proxies != {lb_address}:
        fail("compose.yaml", f"the gateways trust X-Forwarded-For from {sorted(trusted_proxies)}, not HAProxy's address {lb_address} alone")


def check_haproxy(gateways):
    with open(os.path.join(DOCKER, "haproxy.cfg"), encoding="utf-8") as file:
        text = file.read()
    servers = re.findall(r"^\s*server\s+(\S+)\s+([^\s:]+):(\d+)", text, re.MULTILINE)
    if sorted(host for _, host, _ in servers) != sorted(gateways):
        fail("haproxy.cfg", f"servers {[host for _, host, _ in servers]} are not the compose gateways {gateways}")
    if any(int(port) != GATEWAY_HTTP_PORT for _, _, port in servers):
        fail("haproxy.cfg", f"a server is not on port {GATEWAY_HTTP_PORT}")
    if not re.search(r"http-check send meth GET uri /readyz", text):
        fail("haproxy.cfg", "no active health check on /readyz")
    if not re.search(r"^\s*bind\s+\S*:8080\b", text, re.MULTILINE):
        fail("haproxy.cfg", "no bind on port 8080")
    print(f"haproxy.cfg: {len(servers)} servers checked on /readyz")


def check_prometheus(gateways):
    config = load_yaml("prometheus.yml")
    jobs = {job.get("job_name"): job for job in config.get("scrape_configs") or []}
    job = jobs.get("tagpulse-gateway")
    if not job:
        fail("prometheus.yml", "no `tagpulse-gateway` job")
        return
    targets = [t for group in job.get("static_configs") or [] for t in group.get("targets") or []]
    if sorted(targets) != sorted(f"{gateway}:{METRICS_PORT}" for gateway in gateways):
        fail("prometheus.yml", f"targets {targets} are not the compose gateways on port {METRICS_PORT}")
    if job.get("metrics_path", "/metrics") != "/metrics":
        fail("prometheus.yml", "the gateway job does not scrape /metrics")
    for name, each in jobs.items():
        for group in each.get("static_configs") or []:
            for target in group.get("targets") or []:
                if not re.fullmatch(r"[a-z0-9.-]+:\d+", target):
                    fail("prometheus.yml", f"job {name}: target `{target}` is not host:port")
    print(f"prometheus.yml: {len(jobs)} jobs, {len(targets)} gateway targets")


def metric_names(expression):
    return set(re.findall(r"\btagpulse_[a-z0-9_]+", expression))


def base_metric(name):
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix) and METRICS.get(name[: -len(suffix)]) == "histogram":
            return name[: -len(suffix)]
    return name


def check_dashboard():
    path = os.path.join(DOCKER, "grafana", "dashboards", "tagpulse.json")
    with open(path, encoding="utf-8") as file:
        dashboard = json.load(file)
    datasources = load_yaml("grafana/provisioning/datasources/prometheus.yaml").get("datasources") or []
    uids = {source.get("uid") for source in datasources}
    providers = load_yaml("grafana/provisioning/dashboards/tagpulse.yaml").get("providers") or []
    if not providers:
        fail("grafana provisioning", "no dashboard provider")

    panels, stack = [], list(dashboard.get("panels") or [])
    while stack:
        panel = stack.pop(0)
        panels.append(panel)
        stack.extend(panel.get("panels") or [])
    expressions = [(p.get("title"), t.get("expr", "")) for p in panels for t in p.get("targets") or []]
    expressions += [(f"variable {v.get('name')}", json.dumps(v.get("query"))) for v in dashboard["templating"]["list"]]
    used = set()
    for title, expression in expressions:
        for name in metric_names(expression):
            if base_metric(name) not in METRICS or (name != base_metric(name)) != (METRICS[base_metric(name)] == "histogram"):
                fail("tagpulse.json", f"panel {title!r} queries `{name}`, which the gateway does not export")
            used.add(base_metric(name))
        if expression.count("(") != expression.count(")") or expression.count("{") != expression.count("}"):
            fail("tagpulse.json", f"panel {title!r}: unbalanced brackets in {expression}")
    for name in sorted(set(METRICS) - used):
        fail("tagpulse.json", f"no panel shows `{name}`")
    for panel in panels:
        source = panel.get("datasource") or {}
        for item in [source] + [t.get("datasource") or {} for t in panel.get("targets") or []]:
            if item and item.get("type") == "prometheus" and item.get("uid") not in uids:
                fail("tagpulse.json", f"panel {panel.get('title')!r} uses datasource {item.get('uid')!r}, not provisioned")
        grid = panel.get("gridPos") or {}
        if grid.get("x", 0) + grid.get("w", 0) > 24:
            fail("tagpulse.json", f"panel {panel.get('title')!r} is wider than the grid")
    ids = [panel.get("id") for panel in panels]
    if len(ids) != len(set(ids)):
        fail("tagpulse.json", "panel ids are not unique")
    print(f"tagpulse.json: {len(panels)} panels, {len(expressions)} queries, {len(used)}/{len(METRICS)} metrics shown")
    return [expression for _, expression in expressions if "label_values" not in expression]


def check_dockerfile():
    with open(os.path.join(DOCKER, "Dockerfile"), encoding="utf-8") as file:
        dockerfile = file.read()
    with open(os.path.join(ROOT, "Package.swift"), encoding="utf-8") as file:
        manifest = file.read()
    executables = set(re.findall(r'\.executable\(name:\s*"([^"]+)"', manifest))
    built = set(re.findall(r"for product in ([^;]+);", dockerfile)[0].split()) if "for product in" in dockerfile else set()
    if built != executables:
        fail("Dockerfile", f"builds {sorted(built)}, the manifest's executables are {sorted(executables)}")
    package = re.search(r'Package\(\s*name:\s*"([^"]+)"', manifest).group(1)
    bundle = f"{package}_TagPulseEngine.resources"
    if bundle not in dockerfile:
        fail("Dockerfile", f"does not copy the engine's resource bundle {bundle}")
    for source in re.findall(r"^COPY\s+(?:--chmod=\S+\s+)?(\S+)\s+\S+$", dockerfile, re.MULTILINE):
        if not os.path.exists(os.path.join(ROOT, source)):
            fail("Dockerfile", f"copies {source}, which is not in the repository")
    with open(os.path.join(DOCKER, "entrypoint.sh"), encoding="utf-8") as file:
        entrypoint = file.read()
    for command in ("gateway)", "engine)"):
        if command not in entrypoint:
            fail("entrypoint.sh", f"does not handle `{command[:-1]}`")
    print(f"Dockerfile: builds {', '.join(sorted(built))}; copies {bundle}")


def main():
    _, gateways = check_compose()
    check_haproxy(gateways)
    check_prometheus(gateways)
    expressions = check_dashboard()
    check_dockerfile()
    if len(sys.argv) > 1:  # where to write the dashboard's queries as recording rules, for `promtool check rules`
        rules = [{"record": f"tagpulse:dashboard_query_{i}", "expr": expression} for i, expression in enumerate(expressions)]
        text = yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, sort_keys=False)
        text = text.replace("$__rate_interval", "5m").replace('=~"$instance"', '=~".*"')
        with open(sys.argv[1], "w", encoding="utf-8") as file:
            file.write(text)
    for finding in findings:
        print(f"FAIL {finding}", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
