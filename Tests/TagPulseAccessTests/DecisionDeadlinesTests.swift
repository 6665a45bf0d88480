import NIOCore
import NIOEmbedded
import Testing

@testable import TagPulseAccess

/// One loop's decision deadlines: one task for all pipelines in flight, each expired once, in order, unless answered.
@Suite("DecisionDeadlines")
struct DecisionDeadlinesTests {
    final class Expired {
        var names: [String] = []
    }

    let loop = EmbeddedEventLoop()

    func deadlines() -> DecisionDeadlines {
        DecisionDeadlines(eventLoop: self.loop, timeout: .milliseconds(25))
    }

    @Test func aPipelineNotAnsweredExpiresAtItsDeadlineOnce() {
        let deadlines = self.deadlines()
        let expired = Expired()
        let settled = deadlines.watch { expired.names.append("a") }
        self.loop.advanceTime(by: .milliseconds(24))
        #expect(expired.names.isEmpty)
        self.loop.advanceTime(by: .milliseconds(1))
        #expect(expired.names == ["a"])
        #expect(!settled.claim(), "the deadline claimed it: a late reply is ignored")
        self.loop.advanceTime(by: .seconds(1))
        #expect(expired.names == ["a"])
        #expect(deadlines.waitingCount == 0)
        #expect(!deadlines.isArmed)
    }

    @Test func anAnsweredPipelineNeverExpiresAndIsLetGo() {
        let deadlines = self.deadlines()
        let expired = Expired()
        let settled = deadlines.watch { expired.names.append("a") }
        #expect(settled.claim(), "the reply came first")
        self.loop.advanceTime(by: .seconds(1))
        #expect(expired.names.isEmpty)
        #expect(deadlines.waitingCount == 0)
        #expect(!deadlines.isArmed)
    }

    /// Many pipelines in flight share one task: it runs at the oldest deadline, expires what is due and unanswered,
    /// and arms itself for the next one still waiting.
    @Test func pipelinesInFlightShareOneTaskAndExpireInOrder() {
        let deadlines = self.deadlines()
        let expired = Expired()
        let a = deadlines.watch { expired.names.append("a") }
        self.loop.advanceTime(by: .milliseconds(10))
        let b = deadlines.watch { expired.names.append("b") }
        self.loop.advanceTime(by: .milliseconds(10))
        _ = deadlines.watch { expired.names.append("c") }
        #expect(deadlines.isArmed)
        #expect(b.claim(), "b is answered; a and c are not")
        self.loop.advanceTime(by: .milliseconds(5))  // 25 ms: a's deadline
        #expect(expired.names == ["a"])
        #expect(!a.claim())
        #expect(deadlines.waitingCount == 1, "b (answered) is let go with a; c waits")
        self.loop.advanceTime(by: .milliseconds(19))  // 44 ms: c's is at 45
        #expect(expired.names == ["a"])
        self.loop.advanceTime(by: .milliseconds(1))
        #expect(expired.names == ["a", "c"])
        #expect(!deadlines.isArmed)
    }

    /// Answered pipelines at the front are let go when the next one is watched: the queue holds what is in flight.
    @Test func answeredPipelinesDoNotPileUp() {
        let deadlines = self.deadlines()
        for _ in 0..<1000 {
            let settled = deadlines.watch {}
            #expect(settled.claim())
        }
        #expect(deadlines.waitingCount == 1)
    }
}
