// Measures RateLimiter (redis/gcra.lua, one EVALSHA per decision) against one redis-server (loopback only):
//
//   ratelimit-bench check <port> <key-prefix>
//       one decision through the limiter; exits 1 unless Redis took it (not a degraded mode)
//   ratelimit-bench run <port> <key-prefix> <decisions> <callers> <subjects> <latency-samples> <trivial-sha> <gcra-sha> <seed>
//
// `run` prints `key value` lines that run.sh collects:
//   el_dps, async_dps                    decisions/s, `callers` concurrent callers, event-loop and async API
//   el_denied, el_failed, el_degraded    decisions of the event-loop run refused by a policy, failed, or taken by the
//   async_…                              degraded mode (Redis too slow); the same for the async run
//   lat_raw_trivial_p50/p99              µs, blocking EVALSHA <trivial> 0 on a plain socket (the floor of a round trip)
//   lat_raw_gcra_p50/p99                 µs, blocking EVALSHA <gcra> with a decision's keys and arguments
//   lat_el_p50/p99, lat_async_p50/p99    µs, one caller, one decision at a time through RateLimiter
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TagPulseAccess
import TagPulseRedis

let arguments = CommandLine.arguments
func usage() -> Never {
    FileHandle.standardError.write(
        Data(
            """
            usage: ratelimit-bench check <port> <key-prefix>
                   ratelimit-bench run <port> <key-prefix> <decisions> <callers> <subjects> <latency-samples> <trivial-sha> <gcra-sha> <seed>

            """.utf8
        )
    )
    exit(2)
}
guard arguments.count >= 4, let port = Int(arguments[2]) else { usage() }
let mode = arguments[1]
let prefix = arguments[3]

var logger = Logger(label: "ratelimit-bench")
logger.logLevel = .warning
let configuration = RedisConfiguration(address: .hostname("127.0.0.1", port: port))  // the gateway's defaults: 2 connections
let client = try RedisClient(configuration: configuration, logger: logger)
// Production settings: degraded mode `local` after 25 ms. Degraded decisions are counted and reported, not hidden.
let limiter = RateLimiter(
    redis: client,
    keyspace: AccessKeyspace(prefix: prefix),
    settings: RateLimitSettings(),
    liveInstances: { 1 },
    localNowMicroseconds: { Int64(Date().timeIntervalSince1970 * 1_000_000) },
    logger: logger
)

func report(_ name: String, _ number: Double) { print("\(name) \(String(format: "%.1f", number))") }

func degradedSoFar() -> Int {
    let counters = limiter.decisionCounters
    return counters.local.load(ordering: .relaxed) + counters.failedOpen.load(ordering: .relaxed)
        + counters.failedClosed.load(ordering: .relaxed)
}

let status: Int32 = try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await client.run() }
    defer { group.cancelAll() }
    let clock = ContinuousClock()
    let ready = clock.now + .seconds(5)
    while client.connectedCount < configuration.poolSize, clock.now < ready { try await Task.sleep(for: .milliseconds(10)) }
    guard client.connectedCount == configuration.poolSize else { throw BenchError("could not connect to 127.0.0.1:\(port)") }

    switch mode {
    case "check":
        let workload = Workload(subjects: 1)
        let decision = try await limiter.decide(workload.charges(0))
        print("check: allowed=\(decision.allowed) degradation=\(decision.degradation?.rawValue ?? "none") policies=\(decision.policies.count)")
        return decision.degradation == nil && decision.allowed && decision.policies.count == 2 ? 0 : 1

    case "run":
        guard arguments.count >= 11, let decisions = Int(arguments[4]), let callers = Int(arguments[5]), let subjects = Int(arguments[6]),
            let samples = Int(arguments[7]), let seed = Int(arguments[10])
        else { usage() }
        let trivialSHA = arguments[8]
        let gcraSHA = arguments[9]
        let workload = Workload(subjects: subjects)
        // Each phase of each run draws its own subjects: decision indices start at a different offset.
        let base = seed * 100_000_000

        // Throughput, event-loop API (a short warm-up first: connections, script SHA cache, allocator).
        _ = try await EventLoopDecisions(limiter: limiter, workload: workload, total: decisions / 10, callers: callers, offset: base + 50_000_000)
            .run()
        var degraded = degradedSoFar()
        let eventLoopRun = EventLoopDecisions(limiter: limiter, workload: workload, total: decisions, callers: callers, offset: base)
        report("el_dps", Double(decisions) / (try await eventLoopRun.run()))
        report("el_denied", Double(eventLoopRun.tally.denied.load(ordering: .relaxed)))
        report("el_failed", Double(eventLoopRun.tally.failed.load(ordering: .relaxed)))
        report("el_degraded", Double(degradedSoFar() - degraded))

        // Throughput, async API.
        degraded = degradedSoFar()
        let asyncTally = Tally()
        let asyncSeconds = try await asyncDecisions(
            limiter: limiter,
            workload: workload,
            total: decisions,
            callers: callers,
            offset: base + 10_000_000,
            tally: asyncTally
        )
        report("async_dps", Double(decisions) / asyncSeconds)
        report("async_denied", Double(asyncTally.denied.load(ordering: .relaxed)))
        report("async_failed", Double(asyncTally.failed.load(ordering: .relaxed)))
        report("async_degraded", Double(degradedSoFar() - degraded))

        // Latency at low load: one caller, one command or decision at a time.
        var raw = try BlockingConnection(port: port)
        let trivial = BlockingConnection.encode(["EVALSHA", trivialSHA, "0"])
        let gcra = (0..<1024).map { index -> [UInt8] in
            let subject = workload.charges(base + 20_000_000 + index)[0].subject.rawValue
            return BlockingConnection.encode([
                "EVALSHA", gcraSHA, "2", "\(prefix)rl:{\(subject)}:requests:60000", "\(prefix)rl:{\(subject)}:requests:86400000",
                "", "1", "100", "60000", "100", "1000", "86400000", "1000",
            ])
        }
        // The four kinds take turns sample by sample, so that all of them see the same machine: on these VMs a round
        // trip is about 3x slower while the machine is idle (halted vCPUs wake slowly) than while it is busy.
        var rawTrivial: [Double] = []
        var rawGCRA: [Double] = []
        var eventLoop: [Double] = []
        var asyncAPI: [Double] = []
        rawTrivial.reserveCapacity(samples)
        rawGCRA.reserveCapacity(samples)
        eventLoop.reserveCapacity(samples)
        asyncAPI.reserveCapacity(samples)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        for index in 0..<samples {
            var start = clock.now
            _ = try raw.roundTrip(trivial)
            rawTrivial.append((clock.now - start).microseconds)

            let request = gcra[index % gcra.count]
            start = clock.now
            _ = try raw.roundTrip(request)
            rawGCRA.append((clock.now - start).microseconds)

            // Timed on the caller's event loop, from the call to the callback (the await after it is not timed).
            eventLoop.append(
                try await EventLoopDecisions.oneDecision(limiter: limiter, charges: workload.charges(base + 30_000_000 + index), on: loop)
            )

            let charges = workload.charges(base + 40_000_000 + index)
            start = clock.now
            _ = try await limiter.decide(charges)
            asyncAPI.append((clock.now - start).microseconds)
        }
        for (name, latencies) in [("raw_trivial", rawTrivial), ("raw_gcra", rawGCRA), ("el", eventLoop), ("async", asyncAPI)] {
            report("lat_\(name)_p50", latencies.percentile(0.5))
            report("lat_\(name)_p99", latencies.percentile(0.99))
        }
        return 0

    default:
        usage()
    }
}
exit(status)
