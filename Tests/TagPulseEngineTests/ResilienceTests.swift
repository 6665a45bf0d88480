import Synchronization
import XCTest

@testable import TagPulseEngine

final class ResilienceTests: XCTestCase {
    func testRetryDelaysGrowWithJitterAndRespectTheDeadline() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .milliseconds(350))
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: nil, remaining: .seconds(10), random: 1), .milliseconds(100))
        XCTAssertEqual(policy.delay(afterAttempt: 2, retryAfter: nil, remaining: .seconds(10), random: 1), .milliseconds(200))
        XCTAssertEqual(policy.delay(afterAttempt: 3, retryAfter: nil, remaining: .seconds(10), random: 1), .milliseconds(350))
        XCTAssertEqual(policy.delay(afterAttempt: 2, retryAfter: nil, remaining: .seconds(10), random: 0.25), .milliseconds(50))
        XCTAssertNil(policy.delay(afterAttempt: 4, retryAfter: nil, remaining: .seconds(10), random: 1), "attempts exhausted")
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: .seconds(3), remaining: .seconds(10), random: 1), .seconds(3))
        XCTAssertNil(policy.delay(afterAttempt: 1, retryAfter: .seconds(30), remaining: .seconds(10), random: 1), "never sleep past the deadline")
    }

    func testBreakerOpensHalfOpensAndCloses() {
        let now = Mutex(ContinuousClock.now)
        let breaker = CircuitBreaker(name: "t", failureThreshold: 2, openDuration: .seconds(10), now: { now.withLock { $0 } })
        XCTAssertTrue(breaker.admit().allowed)
        breaker.recordFailure()
        XCTAssertEqual(breaker.state, .closed)
        breaker.recordFailure()
        XCTAssertEqual(breaker.state, .open)
        XCTAssertFalse(breaker.admit().allowed)
        now.withLock { $0 += .seconds(11) }
        XCTAssertTrue(breaker.admit().allowed, "one trial after the open period")
        XCTAssertFalse(breaker.admit().allowed, "only one trial at a time")
        breaker.recordFailure()
        XCTAssertEqual(breaker.state, .open, "a failed trial opens it again")
        now.withLock { $0 += .seconds(11) }
        XCTAssertTrue(breaker.admit().allowed)
        breaker.recordSuccess()
        XCTAssertEqual(breaker.state, .closed)
        XCTAssertTrue(breaker.admit().allowed)
    }
}
