import Foundation
import TagPulseWire
import XCTest

@testable import TagPulseTracing

final class SpanRecorderTests: XCTestCase {
    func span(_ index: Int) -> FinishedSpan {
        .sample(index)
    }

    func testTheQueueIsBoundedAndDropsAreCounted() {
        let recorder = SpanRecorder(capacity: 3)
        for index in 0..<5 { recorder.record(self.span(index)) }
        XCTAssertEqual(recorder.pending, 3)
        XCTAssertEqual(recorder.droppedQueueFull, 2, "the two that found the queue full")
        XCTAssertEqual(recorder.take(upTo: 2).map(\.name), ["span 0", "span 1"], "oldest first")
        recorder.record(self.span(5))
        XCTAssertEqual(recorder.take(upTo: 10).map(\.name), ["span 2", "span 5"])
        XCTAssertEqual(recorder.pending, 0)
        XCTAssertTrue(recorder.take(upTo: 10).isEmpty)
    }

    func testNewTracesAreSampledByTheRatio() {
        XCTAssertTrue(SpanRecorder(capacity: 1, sampleRatio: 1, random: { 0.999 }).startTrace().isSampled)
        XCTAssertFalse(SpanRecorder(capacity: 1, sampleRatio: 0, random: { 0 }).startTrace().isSampled)
        let half = SpanRecorder(capacity: 1, sampleRatio: 0.5, random: { 0.25 })
        XCTAssertEqual(half.startTrace().flags, "01")
        let unlucky = SpanRecorder(capacity: 1, sampleRatio: 0.5, random: { 0.75 })
        XCTAssertEqual(unlucky.startTrace().flags, "00", "not sampled: the flag says so downstream too")
    }

    func testTheSampledFlagIsTheLowBitOfTheFlags() {
        for (flags, sampled) in [("01", true), ("00", false), ("03", true), ("02", false), ("0f", true), ("fe", false), ("", false)] {
            XCTAssertEqual(
                TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7", flags: flags).isSampled,
                sampled,
                flags
            )
        }
    }
}
