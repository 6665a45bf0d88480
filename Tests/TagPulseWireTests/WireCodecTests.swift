import NIOCore
import TagPulseWire
import XCTest

final class WireCodecTests: XCTestCase {
    let codec = WireCodec()

    func testRequestEnvelopeFieldNames() throws {
        let request = WireRequest(
            id: "7",
            method: .analyzeHashtag,
            requestID: "req-1",
            deadlineMilliseconds: 1_700_000_000_000,
            params: AnalysisParams(target: "skincare", prompt: "opinions on price")
        )
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(self.codec.encode(request).readableBytesView)) as? [String: Any])
        XCTAssertEqual(json["v"] as? Int, 1)
        XCTAssertEqual(json["id"] as? String, "7")
        XCTAssertEqual(json["method"] as? String, "analyze.hashtag")
        XCTAssertEqual(json["request_id"] as? String, "req-1")
        XCTAssertEqual(json["deadline_ms"] as? Int64, 1_700_000_000_000)
        let params = try XCTUnwrap(json["params"] as? [String: Any])
        XCTAssertEqual(params["target"] as? String, "skincare")
        XCTAssertEqual(params["max_posts"] as? Int, 20)
        XCTAssertEqual(params["max_comments_per_post"] as? Int, 50)
        XCTAssertEqual(params["ai_analysis_prompt"] as? String, "opinions on price")
        XCTAssertEqual(params["max_quote_length"] as? Int, 200)
    }

    func testHeaderReadsWhatIsThereAndToleratesWrongTypes() throws {
        let header = try self.codec.decodeRequestHeader(ByteBuffer(string: #"{"v":1,"id":5,"method":"ping","extra":[1,2]}"#))
        XCTAssertEqual(header.v, 1)
        XCTAssertNil(header.id)  // a number is not an id
        XCTAssertEqual(header.method, "ping")
    }

    func testNonObjectPayloadsAreNotAJSONObject() {
        for payload in ["not json", "[1,2,3]", "\"text\"", "{\"v\":1", "\u{FF}\u{FE}"] {
            XCTAssertThrowsError(try self.codec.decodeRequestHeader(ByteBuffer(string: payload)), payload) { error in
                XCTAssertEqual(error as? WireCodec.DecodeFailure, .notAJSONObject)
            }
        }
    }

    func testAbsentParamsDecodeAsEmpty() throws {
        XCTAssertEqual(try self.codec.decodeParams(EmptyParams.self, from: ByteBuffer(string: #"{"v":1,"id":"1","method":"ping"}"#)), EmptyParams())
    }

    func testFailureEncodesNullIDAndRetryAfter() throws {
        let payload = try self.codec.encode(WireFailure(id: nil, error: .overloaded(retryAfterSeconds: 2)))
        let text = String(buffer: payload)
        XCTAssertTrue(text.contains(#""id":null"#), text)
        XCTAssertTrue(text.contains(#""code":"OVERLOADED""#), text)
        XCTAssertTrue(text.contains(#""retryable":true"#), text)
        XCTAssertTrue(text.contains(#""retry_after_s":2"#), text)
        let header = try self.codec.decodeResponseHeader(payload)
        XCTAssertFalse(header.ok)
        XCTAssertEqual(header.error?.code, .overloaded)
    }

    func testSuccessRoundTrip() throws {
        let payload = try self.codec.encode(WireSuccess(id: "9", result: PingResult(version: "1.2.3")))
        XCTAssertEqual(try self.codec.decodeResponseHeader(payload).id, "9")
        XCTAssertEqual(try self.codec.decodeResult(PingResult.self, from: payload), PingResult(version: "1.2.3"))
    }
}
