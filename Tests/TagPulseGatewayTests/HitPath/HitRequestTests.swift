import HTTPTypes
import NIOCore
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

    @Test func aHeadWithoutAPathIsUnusual() {
        #expect(HitRequest(Self.head([:], path: nil)).isUnusual)
    }
}
