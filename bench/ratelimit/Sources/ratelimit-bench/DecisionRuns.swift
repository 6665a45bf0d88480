import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TagPulseAccess

/// What one decision charges: a client's minute and day windows, as a `free`-like tier has them. The Redis keys are
/// `<prefix>rl:{client:<12 digits>}:requests:60000` and `…:requests:86400000`, the same names run.sh gives
/// redis-benchmark (`-r` writes `__rand_int__` as 12 zero-padded digits).
struct Workload: Sendable {
    static let minute = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000, burst: 100)
    static let day = RatePolicy(group: "requests", limit: 1000, periodMilliseconds: 86_400_000, burst: 1000)

    /// Client ids as the gateway has them after key authentication (no formatting on the measured path).
    let subjects: [RateSubject]

    init(subjects count: Int) {
        self.subjects = (0..<count).map { RateSubject.client(String(format: "%012d", $0)) }
    }

    /// The charges of decision number `index`: a subject spread over all of them (SplitMix64 of the index, so no
    /// shared generator state between callers), both windows.
    func charges(_ index: Int) -> [(subject: RateSubject, policy: RatePolicy)] {
        let subject = self.subjects[Int(splitMix64(UInt64(truncatingIfNeeded: index)) % UInt64(self.subjects.count))]
        return [(subject, Self.minute), (subject, Self.day)]
    }
}

func splitMix64(_ seed: UInt64) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Decision outcomes counted during one run.
final class Tally: Sendable {
    let allowed = Atomic<Int>(0)
    let denied = Atomic<Int>(0)
    let failed = Atomic<Int>(0)

    func count(_ result: Result<RateDecision, any Error>) {
        switch result {
        case .success(let decision) where decision.allowed: self.allowed.add(1, ordering: .relaxed)
        case .success: self.denied.add(1, ordering: .relaxed)
        case .failure: self.failed.add(1, ordering: .relaxed)
        }
    }
}

/// `callers` chains of futures over `RateLimiter.decide(_:cost:on:)`, each taking its next decision from the previous
/// one's callback; caller k lives on event loop k mod loops, as a channel handler of the gateway would. Stops after
/// `total` decisions.
final class EventLoopDecisions: Sendable {
    let limiter: RateLimiter
    let workload: Workload
    let total: Int
    let callers: Int
    let offset: Int
    let tally = Tally()
    private let issued = Atomic<Int>(0)
    private let running = Atomic<Int>(0)
    private let done: EventLoopPromise<Void>

    init(limiter: RateLimiter, workload: Workload, total: Int, callers: Int, offset: Int) {
        self.limiter = limiter
        self.workload = workload
        self.total = total
        self.callers = callers
        self.offset = offset
        self.done = MultiThreadedEventLoopGroup.singleton.next().makePromise()
    }

    /// Seconds taken.
    func run() async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        self.running.store(self.callers, ordering: .relaxed)
        let group = MultiThreadedEventLoopGroup.singleton
        for _ in 0..<self.callers {
            let loop = group.next()
            loop.execute { self.step(on: loop) }
        }
        try await self.done.futureResult.get()
        return (clock.now - start).seconds
    }

    private func step(on loop: any EventLoop) {
        let index = self.issued.add(1, ordering: .relaxed).newValue
        guard index <= self.total else {
            if self.running.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { self.done.succeed() }
            return
        }
        self.limiter.decide(self.workload.charges(self.offset + index), on: loop).whenComplete { result in
            self.tally.count(result)
            self.step(on: loop)
        }
    }

    /// One decision taken on `loop` as a channel handler would take it, timed there from the call to the callback
    /// (back on `loop`), in µs.
    static func oneDecision(limiter: RateLimiter, charges: [(subject: RateSubject, policy: RatePolicy)], on loop: any EventLoop)
        async throws -> Double
    {
        try await loop.flatSubmit { () -> EventLoopFuture<Double> in
            let start = NIODeadline.now()
            return limiter.decide(charges, on: loop).hop(to: loop).map { _ in Double((NIODeadline.now() - start).nanoseconds) / 1000 }
        }.get()
    }
}

/// `callers` Swift tasks, each awaiting `try await limiter.decide(...)` in a loop, until `total` decisions. Seconds.
func asyncDecisions(limiter: RateLimiter, workload: Workload, total: Int, callers: Int, offset: Int, tally: Tally) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    let issued = Counter()
    try await withThrowingDiscardingTaskGroup { group in
        for _ in 0..<callers {
            group.addTask {
                while true {
                    let index = issued.value.add(1, ordering: .relaxed).newValue
                    guard index <= total else { return }
                    do {
                        tally.count(.success(try await limiter.decide(workload.charges(offset + index))))
                    } catch {
                        tally.count(.failure(error))
                    }
                }
            }
        }
    }
    return (clock.now - start).seconds
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
