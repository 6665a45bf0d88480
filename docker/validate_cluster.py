"""The `cluster` profile of compose.yaml (issue #16), checked without a Docker engine (docker/validate.py calls it):
six Redis Cluster nodes configured as the `redis` service is plus cluster mode, a one-shot job that creates the
cluster from all of them once they are healthy, and gateways that take TAGPULSE_REDIS_CLUSTER_NODES and wait for the
job when the profile is on (an optional dependency otherwise). The seed list the file's header shows names nodes of
the profile."""

import re

NODES = [f"redis-node-{n}" for n in range(1, 7)]
JOB = "redis-cluster-create"


def option(command, name):
    """The word after `name` in an argument list, or None."""
    return command[command.index(name) + 1] if name in command[:-1] else None


def check_cluster(services, gateways, raw_text, environment, fail):
    profiled = sorted(name for name, service in services.items() if "cluster" in (service.get("profiles") or []))
    if profiled != sorted(NODES + [JOB]):
        fail("compose.yaml: profile cluster", f"services {profiled}, not {NODES + [JOB]}")
        return
    password = option(services.get("redis", {}).get("command") or [], "--requirepass")
    for name in NODES:
        node, where = services[name], f"compose.yaml: {name}"
        command = [str(word) for word in node.get("command") or []]
        if "/usr/local/etc/redis/redis.conf" not in command:
            fail(where, "is not started with the mounted redis/redis.conf")
        for flag, value in (("--cluster-enabled", "yes"), ("--appendonly", "yes"), ("--dir", "/data")):
            if option(command, flag) != value:
                fail(where, f"{flag} is not {value}")
        if option(command, "--requirepass") != password or option(command, "--masterauth") != password:
            fail(where, "--requirepass and --masterauth are not the `redis` service's password")
        timeout = option(command, "--cluster-node-timeout")
        if not (timeout or "").isdigit() or not 1000 <= int(timeout) <= 15000:
            fail(where, f"--cluster-node-timeout {timeout} is not 1000-15000 ms")
        if not any(str(mount).startswith(f"{name}-data:/data") for mount in node.get("volumes") or []):
            fail(where, f"does not keep /data (nodes.conf, append-only file) in volume {name}-data")
        if node.get("ports"):
            fail(where, "publishes a port (the backend network only)")
        if (node.get("networks") or []) != ["backend"]:
            fail(where, "is not on the backend network alone")
        if "healthcheck" not in node:
            fail(where, "has no healthcheck (the create job waits for it)")
    job, where = services[JOB], f"compose.yaml: {JOB}"
    script = "\n".join(str(word) for word in job.get("command") or [])
    if not re.search(r"--cluster create .*--cluster-replicas 1 --cluster-yes", script):
        fail(where, "does not run redis-cli --cluster create … --cluster-replicas 1 --cluster-yes")
    loop = re.search(r"for n in ([\d ]+); do", script)
    if not loop or [f"redis-node-{n}" for n in loop.group(1).split()] != NODES or "redis-node-$n" not in script:
        fail(where, "does not create the cluster from every node")
    if "cluster_state:ok" not in script:
        fail(where, "does not skip an existing cluster and wait for cluster_state:ok")
    if str(job.get("restart")) != "no":
        fail(where, "is restarted (a one-shot job)")
    for node in NODES:
        if ((job.get("depends_on") or {}).get(node) or {}).get("condition") != "service_healthy":
            fail(where, f"does not wait for `{node}` to be healthy")
    for gateway in gateways:
        dependency = (services[gateway].get("depends_on") or {}).get(JOB) or {}
        if dependency.get("condition") != "service_completed_successfully" or dependency.get("required") is not False:
            fail(f"compose.yaml: {gateway}", f"does not wait for `{JOB}` (service_completed_successfully, required: false)")
        if "TAGPULSE_REDIS_CLUSTER_NODES" not in environment(services[gateway]):
            fail(f"compose.yaml: {gateway}", "does not take TAGPULSE_REDIS_CLUSTER_NODES")
    shown = re.search(r"TAGPULSE_REDIS_CLUSTER_NODES=(\S+)", raw_text)
    seeds = shown.group(1).split(",") if shown else []
    if not seeds or any(seed.rsplit(":", 1)[0] not in NODES or not seed.endswith(":6379") for seed in seeds):
        fail("compose.yaml", f"the header's seed list {seeds} does not name the profile's nodes on port 6379")
    print(f"compose.yaml: profile cluster, {len(NODES)} nodes (3 masters + 3 replicas) and {JOB}, seeds {','.join(seeds)}")
