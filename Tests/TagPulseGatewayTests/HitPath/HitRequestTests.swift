import HTTPTypes
import NIOCore
import TagPulseCache
import Testing

@testable import TagPulseGateway

@Suite("HitRequest")
struct HitRequestTests {
    static func head(_ fields: HTTPFields, method: HTTPRequest.Method = .get, path: String? = "/v1/hashtags/a/analysis") -> HTTPRequest {
        HTTPRequest(method: method, scheme: "http", authority: "h", path: path, headerFields: fields)
    }

    @Test func takesTheFieldsAHitReadsAndNothingElse() {
        let request = HitRequest(
            Self.head([
                .authorization: "Bearer k", .acceptEncoding: "gzip", .ifNoneMatch: #""e""#, .userAgent: "wrk",
                RequestTracingMiddleware.requestIDHeader: "r-1", RequestTracingMiddleware.traceparentHeader: "00-x",
                RequestTracingMiddleware.tracestateHeader: "a=b", .contentType: "application/json", .contentLength: "12",
            ])
        )
        var expected = HitRequest(method: .get, path: "/v1/hashtags/a/analysis")
        expected.authorization = "Bearer k"
        expected.acceptEncoding = "gzip"
        expected.ifNoneMatch = #""e""#
        expected.requestID = "r-1"
        expected.traceparent = "00-x"
        expected.tracestate = "a=b"
        expected.contentType = "application/json"
        expected.contentLength = "12"
        #expect(request == expected)
        #expect(APIKeyMiddleware.presentedKey(authorization: request.authorization, apiKey: request.apiKey) == "k")
    }

    @Test func readsTheKeyAsTheMiddlewareDoes() {
        let cases: [HTTPFields] = [
            [.authorization: "Bearer k"], [.authorization: "bearer   k "], [.authorization: "Basic k"], [APIKeyMiddleware.apiKeyHeader: " k "],
            [.authorization: "Bearer a", APIKeyMiddleware.apiKeyHeader: "b"], [:], [.authorization: "Bearer "],
        ]
        for fields in cases {
            let request = HitRequest(Self.head(fields))
            #expect(
                APIKeyMiddleware.presentedKey(authorization: request.authorization, apiKey: request.apiKey)
                    == APIKeyMiddleware.presentedKey(in: fields),
                "\(fields)"
            )
        }
    }

    @Test(arguments: [
        [HTTPField(name: .authorization, value: "Bearer a"), HTTPField(name: .authorization, value: "Bearer a")],
        [HTTPField(name: .acceptEncoding, value: "gzip"), HTTPField(name: .acceptEncoding, value: "br")],
        [
            HTTPField(name: RequestTracingMiddleware.traceparentHeader, value: "a"),
            HTTPField(name: RequestTracingMiddleware.traceparentHeader, value: "b"),
        ],
        [HTTPField(name: .contentType, value: "application/json"), HTTPField(name: .contentType, value: "application/json")],
        [HTTPField(name: .cacheControl, value: "no-cache")],
        [HTTPField(name: .origin, value: "https://a.example")],
        [HTTPField(name: EventLoopHits.pragma, value: "no-cache")],
    ])
    func aRepeatedFieldOrADirectiveIsForTheRouter(_ fields: [HTTPField]) {
        #expect(HitRequest(Self.head(HTTPFields(fields))).isUnusual)
    }

    @Test func repeatedFieldsItDoesNotReadAreUsual() {
        let fields = HTTPFields([
            HTTPField(name: .accept, value: "a"), HTTPField(name: .accept, value: "b"), HTTPField(name: .authorization, value: "Bearer k"),
        ])
        #expect(!HitRequest(Self.head(fields)).isUnusual)
    }

    /// Whether gzip is taken is decided when `Accept-Encoding` is read, as ``AcceptEncoding`` reads it (the answer
    /// picks the body by it), from the codecs' head and from the front's scanner alike.
    @Test(
        arguments: [
            (nil, false), ("gzip", true), ("br, gzip", true), ("gzip;q=0", false), ("identity", false), ("*", true),
            ("GZIP", true), ("br", false),
        ] as [(String?, Bool)]
    )
    func decidesGzipWhenItReadsAcceptEncoding(_ value: String?, _ gzip: Bool) throws {
        var fields = HTTPFields()
        if let value { fields[.acceptEncoding] = value }
        let request = HitRequest(Self.head(fields))
        #expect(request.acceptsGzip == gzip)
        #expect(request.acceptsGzip == AcceptEncoding.acceptsGzip(value))
        var raw = ByteBuffer(string: "GET /v1/hashtags/a/analysis HTTP/1.1\r\nHost: h\r\n")
        if let value { raw.writeString("Accept-Encoding: \(value)\r\n") }
        raw.writeString("\r\n")
        guard case .request(let scanned) = HTTP1RequestScanner(maximumFieldCount: 10, maximumFieldBytes: 1024).scan(raw) else {
            Issue.record("the scanner did not read the head")
            return
        }
        #expect(scanned.hit.acceptsGzip == gzip)
        var changed = request
        changed.acceptEncoding = gzip ? "identity" : "gzip"
        #expect(changed.acceptsGzip == !gzip)
    }

    @Test func aHeadWithoutAPathIsUnusual() {
        #expect(HitRequest(Self.head([:], path: nil)).isUnusual)
    }
}
