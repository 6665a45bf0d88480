import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TagPulseRedis

/// `callers` chains of futures, each issuing the next command from the previous one's callback (on the connection's
/// event loop, as a channel handler on the gateway's hot path would), until `total` commands were sent.
final class EventLoopRun: Sendable {
    let client: RedisClient
    let command: RedisCommand
    let total: Int
    let callers: Int
    private let issued = Atomic<Int>(0)
    private let running = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    private let done: EventLoopPromise<Void>

    init(client: RedisClient, command: RedisCommand, total: Int, callers: Int) {
        self.client = client
        self.command = command
        self.total = total
        self.callers = callers
        self.done = MultiThreadedEventLoopGroup.singleton.next().makePromise()
    }

    /// Seconds taken.
    func run() async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        self.running.store(self.callers, ordering: .relaxed)
        let group = MultiThreadedEventLoopGroup.singleton
        for _ in 0..<self.callers { group.next().execute { self.step() } }
        try await self.done.futureResult.get()
        guard self.failures.load(ordering: .relaxed) == 0 else { throw BenchError("\(self.failures.load(ordering: .relaxed)) commands failed") }
        return (clock.now - start).seconds
    }

    private func step() {
        guard self.issued.add(1, ordering: .relaxed).newValue <= self.total else {
            if self.running.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { self.done.succeed() }
            return
        }
        let future: EventLoopFuture<RESPValue> = self.client.send(self.command)
        future.whenComplete { result in
            if case .failure = result {
                self.failures.add(1, ordering: .relaxed)
                self.issued.store(self.total, ordering: .relaxed)
            }
            self.step()
        }
    }

    /// One caller, one command at a time, each round trip timed (µs).
    static func latencies(client: RedisClient, command: RedisCommand, samples: Int) async throws -> [Double] {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        return try await loop.flatSubmit { () -> EventLoopFuture<[Double]> in
            let promise = loop.makePromise(of: [Double].self)
            let box = NIOLoopBoundBox([Double](), eventLoop: loop)
            box.value.reserveCapacity(samples)
            func next() {
                guard box.value.count < samples else { return promise.succeed(box.value) }
                let start = NIODeadline.now()
                let future: EventLoopFuture<RESPValue> = client.send(command)
                future.assumeIsolated().whenComplete { result in
                    if case .failure(let error) = result { return promise.fail(error) }
                    box.value.append(Double((NIODeadline.now() - start).nanoseconds) / 1000)
                    next()
                }
            }
            next()
            return promise.futureResult
        }.get()
    }
}

/// Blocking PING/GET round trips on a plain TCP socket: what `redis-cli --latency` measures, at µs resolution.
func rawRoundTrips(port: Int, samples: Int) throws -> [Double] {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw BenchError("socket") }
    defer { close(fd) }
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw BenchError("connect") }
    let request = Array("*2\r\n$3\r\nGET\r\n$12\r\ntp:bench:key\r\n".utf8)
    var reply = [UInt8](repeating: 0, count: 256)
    var latencies: [Double] = []
    latencies.reserveCapacity(samples)
    let clock = ContinuousClock()
    for _ in 0..<samples {
        let start = clock.now
        guard write(fd, request, request.count) == request.count else { throw BenchError("write") }
        guard read(fd, &reply, reply.count) > 0 else { throw BenchError("read") }  // one small reply fits one read
        latencies.append((clock.now - start).microseconds)
    }
    return latencies
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
    var microseconds: Double { self.seconds * 1e6 }
}

extension Array where Element == Double {
    func percentile(_ fraction: Double) -> Double {
        guard !self.isEmpty else { return .nan }
        let sorted = self.sorted()
        return sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
}
