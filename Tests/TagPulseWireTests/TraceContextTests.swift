import Foundation
import NIOCore
import XCTest

@testable import TagPulseWire

/// W3C Trace Context: what `traceparent` is accepted (else a new trace is started) and how it travels on the wire.
final class TraceContextTests: XCTestCase {
    let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    func testAValidTraceparentIsAccepted() throws {
        let trace = try XCTUnwrap(TraceContext(traceparent: self.valid, tracestate: "lb=7,vendor=x"))
        XCTAssertEqual(trace.traceID, "4bf92f3577b34da6a3ce929d0e0e4736")
        XCTAssertEqual(trace.spanID, "00f067aa0ba902b7")
        XCTAssertEqual(trace.flags, "01")
        XCTAssertEqual(trace.state, "lb=7,vendor=x")
        XCTAssertEqual(trace.traceparent, self.valid)
        XCTAssertNotNil(TraceContext(traceparent: " \(self.valid) "), "surrounding spaces are allowed")
        // A later version: its first four fields are read, what follows a dash ignored.
        XCTAssertNotNil(TraceContext(traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra"))
    }

    func testInvalidTraceparentsAreRefused() {
        for header in [
            "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  // too short
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // zero span id
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // version 00 has nothing after
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",  // a later version: a dash after
            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        ] {
            XCTAssertNil(TraceContext(traceparent: header), header)
        }
        XCTAssertNil(TraceContext(traceparent: nil))
        XCTAssertNil(TraceContext(traceparent: self.valid, tracestate: String(repeating: "a", count: 600))?.state)
    }

    func testChildrenKeepTheTraceAndNewTracesAreValid() throws {
        let parent = try XCTUnwrap(TraceContext(traceparent: self.valid, tracestate: "lb=7"))
        let child = parent.child()
        XCTAssertEqual(child.traceID, parent.traceID)
        XCTAssertNotEqual(child.spanID, parent.spanID)
        XCTAssertEqual(child.state, "lb=7")
        XCTAssertEqual(TraceContext(traceparent: child.traceparent), TraceContext(traceparent: child.traceparent, tracestate: nil))
        var seen = Set<String>()
        for _ in 0..<1000 {
            let started = TraceContext.start()
            XCTAssertNotNil(TraceContext(traceparent: started.traceparent), started.traceparent)
            XCTAssertTrue(seen.insert(started.traceID).inserted)
        }
    }

    func testTheEnvelopeCarriesTheTraceAdditively() throws {
        let codec = WireCodec()
        let trace = try XCTUnwrap(TraceContext(traceparent: self.valid, tracestate: "lb=7"))
        let frame = try codec.encode(WireRequest(id: "g1", method: .ping, requestID: "r1", trace: trace, params: EmptyParams()))
        let json = String(buffer: frame)
        XCTAssertTrue(json.contains(#""traceparent":"\#(self.valid)""#), json)
        let header = try codec.decodeRequestHeader(frame)
        XCTAssertEqual(header.trace, trace)
        // Without a trace the fields are absent, as before.
        let plain = String(buffer: try codec.encode(WireRequest(id: "g2", method: .ping, params: EmptyParams())))
        XCTAssertFalse(plain.contains("trace"), plain)
        XCTAssertNil(try codec.decodeRequestHeader(ByteBuffer(string: #"{"v":1,"id":"x","method":"ping","traceparent":"junk"}"#)).trace)
    }

    func testIdsAreFixedWidthLowerCaseHexAndNeverAllZero() {
        XCTAssertEqual(TraceContext.hex(0x1, 0xabc), "0000000000000001" + "0000000000000abc")
        XCTAssertEqual(TraceContext.hex(0xFEDC_BA98_7654_3210), "fedcba9876543210")
        XCTAssertEqual(TraceContext.hex(0), "0000000000000001")
        XCTAssertEqual(TraceContext.hex(0, 0), String(repeating: "0", count: 31) + "1")
        XCTAssertEqual(TraceContext.hex(0, 5), "0000000000000000" + "0000000000000005", "zero words inside a non-zero id stay")
    }
}
