import XCTest

@testable import TagPulseWire

/// `tracestate` is passed on as the W3C rules say: invalid members dropped, at most 32, at most 512 characters.
final class TraceStateTests: XCTestCase {
    func testValidMembersPassUnchangedWithoutTheWhiteSpaceAroundThem() {
        XCTAssertEqual(TraceState.sanitized("congo=t61rcWkgMzE"), "congo=t61rcWkgMzE")
        XCTAssertEqual(TraceState.sanitized(" rojo=00f067aa0ba902b7 ,\tcongo=t61rcWkgMzE  "), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        XCTAssertEqual(TraceState.sanitized("fw529a3039@dt=Zm9vYmFy,1tenant@sys-1=a b/c"), "fw529a3039@dt=Zm9vYmFy,1tenant@sys-1=a b/c")
        XCTAssertEqual(TraceState.sanitized("a=1,,  ,b=2"), "a=1,b=2", "empty members are ignored")
        XCTAssertNil(TraceState.sanitized(nil))
        XCTAssertNil(TraceState.sanitized(""))
        XCTAssertNil(TraceState.sanitized(" , "))
    }

    func testInvalidMembersAreDroppedAndTheRestKept() {
        for invalid in [
            "Upper=1", "1digitfirst=1", "sp ace=1", "k=", "k=a=b", "novalue", "=v", "k=caf\u{e9}",
            "k=\u{7}", "tenant@=1", "@system=1", "tenant@toolongsystemid1=1", "a@b@c=1",
            String(repeating: "k", count: 257) + "=1", "k=" + String(repeating: "v", count: 257),
        ] {
            XCTAssertEqual(TraceState.sanitized("good=1,\(invalid),also=2"), "good=1,also=2", invalid)
        }
        XCTAssertEqual(TraceState.sanitized("k=first,k=second,j=3"), "k=first,j=3", "a repeated key: the leftmost wins")
        XCTAssertTrue(TraceState.isValidValue("a b"))
        XCTAssertFalse(TraceState.isValidValue("ends in a space "), "the space before a comma is white space around it")
        XCTAssertNil(TraceState.sanitized(String(repeating: "a", count: 600)))
    }

    func testAtMost32MembersTheLeftmost() throws {
        let members = (1...40).map { "k\($0)=v" }
        let kept = try XCTUnwrap(TraceState.sanitized(members.joined(separator: ","))).split(separator: ",")
        XCTAssertEqual(kept.count, 32)
        XCTAssertEqual(kept.first, "k1=v")
        XCTAssertEqual(kept.last, "k32=v")
    }

    func testAtMost512CharactersLongMembersFirstThenFromTheRight() throws {
        let long = "big=" + String(repeating: "x", count: 200)
        let small = (1...20).map { "s\($0)=" + String(repeating: "y", count: 16) }  // 20 × 20 characters
        let list = try XCTUnwrap(TraceState.sanitized(([long] + small).joined(separator: ",")))
        XCTAssertEqual(list, small.joined(separator: ","), "the member over 128 characters goes first")
        let many = (1...30).map { "m\($0)=" + String(repeating: "z", count: 30) }  // 30 × 33-34 characters
        let trimmed = try XCTUnwrap(TraceState.sanitized(many.joined(separator: ",")))
        XCTAssertLessThanOrEqual(trimmed.utf8.count, 512)
        XCTAssertTrue(many.joined(separator: ",").hasPrefix(trimmed), "members dropped from the right")
        XCTAssertGreaterThan(trimmed.utf8.count, 512 - 35, "no more than needed")
    }

    func testTheTraceContextAppliesTheRules() throws {
        let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let trace = try XCTUnwrap(TraceContext(traceparent: parent, tracestate: "lb=7,BAD=1,vendor=x"))
        XCTAssertEqual(trace.state, "lb=7,vendor=x")
        XCTAssertEqual(trace.child().state, "lb=7,vendor=x")
        XCTAssertNil(TraceContext(traceparent: parent, tracestate: "BAD=1")?.state)
    }
}
