import Foundation
import XCTest

@testable import TagPulseTracing

/// The OTLP/HTTP JSON encoding (the protobuf JSON mapping with OTLP's exceptions): hex ids in lower case, 64-bit
/// integers as decimal strings, enums as their numbers, lowerCamelCase field names.
final class OTLPJSONTests: XCTestCase {
    let encoder = OTLPJSON(
        resource: [.init("service.name", .string("tagpulse-gateway")), .init("service.version", .string("0.1.0"))],
        scopeVersion: "0.1.0"
    )

    func decode(_ spans: [FinishedSpan]) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(self.encoder.encode(spans).utf8)) as? [String: Any])
    }

    func testTheRequestFollowsTheOTLPJSONMapping() throws {
        let server = FinishedSpan(
            traceID: "4BF92F3577B34DA6A3CE929D0E0E4736",
            spanID: "00f067aa0ba902b7",
            parentSpanID: "a3ce929d0e0e4736",
            traceState: "lb=7",
            name: "POST /v1/analyze/hashtag",
            kind: .server,
            startUnixNanoseconds: 1_764_000_000_123_456_789,
            endUnixNanoseconds: 1_764_000_000_223_456_789,
            attributes: [
                .init("http.request.method", .string("POST")), .init("http.response.status_code", .int(503)),
                .init("tagpulse.cached", .bool(false)),
            ],
            status: .error
        )
        let root = FinishedSpan(
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            spanID: "b7ad6b7169203331",
            parentSpanID: nil,
            name: "GET",
            kind: .client,
            startUnixNanoseconds: 5,
            endUnixNanoseconds: 7
        )
        let json = try self.decode([server, root])
        let resourceSpans = try XCTUnwrap(json["resourceSpans"] as? [[String: Any]])
        XCTAssertEqual(resourceSpans.count, 1)
        let resource = try XCTUnwrap(resourceSpans[0]["resource"] as? [String: Any])
        let resourceAttributes = try XCTUnwrap(resource["attributes"] as? [[String: Any]])
        XCTAssertEqual(resourceAttributes.first?["key"] as? String, "service.name")
        XCTAssertEqual((resourceAttributes.first?["value"] as? [String: Any])?["stringValue"] as? String, "tagpulse-gateway")
        let scopeSpans = try XCTUnwrap(resourceSpans[0]["scopeSpans"] as? [[String: Any]])
        XCTAssertEqual((scopeSpans[0]["scope"] as? [String: Any])?["name"] as? String, "tagpulse")
        let spans = try XCTUnwrap(scopeSpans[0]["spans"] as? [[String: Any]])
        XCTAssertEqual(spans.count, 2)

        let first = spans[0]
        XCTAssertEqual(first["traceId"] as? String, "4bf92f3577b34da6a3ce929d0e0e4736", "hex, lower case")
        XCTAssertEqual(first["spanId"] as? String, "00f067aa0ba902b7")
        XCTAssertEqual(first["parentSpanId"] as? String, "a3ce929d0e0e4736")
        XCTAssertEqual(first["traceState"] as? String, "lb=7")
        XCTAssertEqual(first["name"] as? String, "POST /v1/analyze/hashtag")
        XCTAssertEqual(first["kind"] as? Int, 2, "SPAN_KIND_SERVER")
        XCTAssertEqual(first["startTimeUnixNano"] as? String, "1764000000123456789", "fixed64 as a string")
        XCTAssertEqual(first["endTimeUnixNano"] as? String, "1764000000223456789")
        XCTAssertEqual((first["status"] as? [String: Any])?["code"] as? Int, 2, "STATUS_CODE_ERROR")
        let attributes = try XCTUnwrap(first["attributes"] as? [[String: Any]])
        let values = Dictionary(uniqueKeysWithValues: attributes.map { ($0["key"] as! String, $0["value"] as! [String: Any]) })
        XCTAssertEqual(values["http.request.method"]?["stringValue"] as? String, "POST")
        XCTAssertEqual(values["http.response.status_code"]?["intValue"] as? String, "503", "int64 as a string")
        XCTAssertEqual(values["tagpulse.cached"]?["boolValue"] as? Bool, false)

        let second = spans[1]
        XCTAssertNil(second["parentSpanId"], "a root span has no parent")
        XCTAssertNil(second["traceState"])
        XCTAssertNil(second["status"], "an unset status is left out")
        XCTAssertEqual(second["kind"] as? Int, 3, "SPAN_KIND_CLIENT")
    }

    func testStringsAreEscaped() throws {
        let span = FinishedSpan(
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            spanID: "00f067aa0ba902b7",
            parentSpanID: nil,
            name: "a \"quoted\" \\ name\n\u{1}é😀",
            kind: .internal,
            startUnixNanoseconds: 1,
            endUnixNanoseconds: 0
        )
        let text = self.encoder.encode([span])
        XCTAssertTrue(text.contains(#""name":"a \"quoted\" \\ name\n\u0001é😀""#), text)
        let spans = try XCTUnwrap(
            ((try self.decode([span])["resourceSpans"] as? [[String: Any]])?[0]["scopeSpans"] as? [[String: Any]])?[0]["spans"] as? [[String: Any]]
        )
        XCTAssertEqual(spans[0]["name"] as? String, "a \"quoted\" \\ name\n\u{1}é😀")
        XCTAssertEqual(spans[0]["endTimeUnixNano"] as? String, "1", "an end before the start is clamped to it")
    }

    func testAnEmptyBatchIsStillAValidRequest() throws {
        XCTAssertNotNil(try self.decode([])["resourceSpans"])
    }
}
