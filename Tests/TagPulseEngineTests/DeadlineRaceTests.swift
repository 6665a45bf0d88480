import TagPulseWire
import XCTest

@testable import TagPulseEngine

final class DeadlineRaceTests: XCTestCase {
    let clock = WallClock { 1_000_000 }

    func testWorkThatFinishesWins() async {
        let result = await DeadlineRace.run(deadlineMilliseconds: 1_000_000 + 60_000, clock: self.clock, canceller: RequestCanceller()) { 42 }
        XCTAssertEqual(try result.get(), 42)
    }

    func testPastDeadlineFailsWithoutRunningWork() async {
        let result = await DeadlineRace.run(deadlineMilliseconds: 999_999, clock: self.clock, canceller: RequestCanceller()) { () -> Int in
            XCTFail("work must not run")
            return 0
        }
        XCTAssertEqual(result.failure?.code, .deadlineExceeded)
    }

    func testDeadlineStopsSlowWork() async {
        let result = await DeadlineRace.run(deadlineMilliseconds: 1_000_000 + 20, clock: self.clock, canceller: RequestCanceller()) { () -> Int in
            try await Task.sleep(for: .seconds(30))
            return 1
        }
        XCTAssertEqual(result.failure?.code, .deadlineExceeded)
    }

    func testCancelStopsWork() async {
        let canceller = RequestCanceller()
        let clock = self.clock
        async let result = DeadlineRace.run(deadlineMilliseconds: 1_000_000 + 60_000, clock: clock, canceller: canceller) { () -> Int in
            try await Task.sleep(for: .seconds(30))
            return 1
        }
        try? await Task.sleep(for: .milliseconds(10))
        canceller.cancel()
        let outcome = await result
        XCTAssertEqual(outcome.failure?.code, .cancelled)
    }

    func testWireErrorsPassThrough() async {
        let result = await DeadlineRace.run(deadlineMilliseconds: 1_000_000 + 60_000, clock: self.clock, canceller: RequestCanceller()) { () -> Int in
            throw WireError(code: .targetNotFound, message: "none")
        }
        XCTAssertEqual(result.failure?.code, .targetNotFound)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
