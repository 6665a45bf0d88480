// Measures the TagPulseRedis client against one redis-server (loopback only):
//   redis-client-bench <port> <operations> [concurrency=32] [latency-samples=20000]
// Prints `key value` lines that run.sh collects:
//   el_get / el_set       ops/s, `concurrency` callers on the event-loop API (the gateway's hot path)
//   async_get / async_set ops/s, `concurrency` Swift tasks on the async API
//   lat_raw_p50/p99       µs, single blocking round trips on a plain socket (the redis-cli --latency baseline)
//   lat_el_p50/p99, lat_async_p50/p99   µs, one caller, one GET at a time through the client
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TagPulseRedis

let arguments = CommandLine.arguments
guard arguments.count >= 3, let port = Int(arguments[1]), let operations = Int(arguments[2]) else {
    FileHandle.standardError.write("usage: redis-client-bench <port> <operations> [concurrency] [latency-samples]\n".data(using: .utf8)!)
    exit(2)
}
let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 32 : 32
let latencySamples = arguments.count > 4 ? Int(arguments[4]) ?? 20_000 : 20_000

var logger = Logger(label: "redis-client-bench")
logger.logLevel = .warning
var configuration = RedisConfiguration(address: .hostname("127.0.0.1", port: port))
configuration.poolSize = 2
configuration.commandTimeout = .seconds(5)
let client = try RedisClient(configuration: configuration, logger: logger)
let key = "tp:bench:key"
let value = RedisCommand.Argument.string("xxx")  // redis-benchmark's default 3-byte value

func report(_ name: String, _ number: Double) { print("\(name) \(String(format: "%.1f", number))") }

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await client.run() }
    let clock = ContinuousClock()
    let ready = clock.now + .seconds(5)
    while client.connectedCount < configuration.poolSize, clock.now < ready { try await Task.sleep(for: .milliseconds(10)) }
    _ = try await client.send(.set(key, value))

    for (name, command) in [("set", RedisCommand.set(key, value)), ("get", RedisCommand.get(key))] {
        _ = try await EventLoopRun(client: client, command: command, total: operations / 10, callers: concurrency).run()  // warm-up
        let elapsed = try await EventLoopRun(client: client, command: command, total: operations, callers: concurrency).run()
        report("el_\(name)", Double(operations) / elapsed)
        let start = clock.now
        try await withThrowingDiscardingTaskGroup { callers in
            let issued = Counter()
            for _ in 0..<concurrency {
                callers.addTask {
                    while issued.value.add(1, ordering: .relaxed).newValue <= operations { _ = try await client.send(command) }
                }
            }
        }
        report("async_\(name)", Double(operations) / (clock.now - start).seconds)
    }

    let raw = try rawRoundTrips(port: port, samples: latencySamples)
    report("lat_raw_p50", raw.percentile(0.5))
    report("lat_raw_p99", raw.percentile(0.99))
    let eventLoop = try await EventLoopRun.latencies(client: client, command: .get(key), samples: latencySamples)
    report("lat_el_p50", eventLoop.percentile(0.5))
    report("lat_el_p99", eventLoop.percentile(0.99))
    var asyncLatencies: [Double] = []
    asyncLatencies.reserveCapacity(latencySamples)
    for _ in 0..<latencySamples {
        let start = clock.now
        _ = try await client.send(.get(key))
        asyncLatencies.append((clock.now - start).microseconds)
    }
    report("lat_async_p50", asyncLatencies.percentile(0.5))
    report("lat_async_p99", asyncLatencies.percentile(0.99))
    _ = try await client.send(.del([key]))
    group.cancelAll()
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
