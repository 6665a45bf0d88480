import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import TagPulseGateway

/// CORS through the real router (`GatewayApplication.makeRouter`): preflights, actual requests, error responses.
@Suite("CORS on the gateway router")
struct CORSRouterTests {
    static let key = "tp_test_key_0123456789abcdef"
    static let allowed = "https://app.example.com"
    static let exposed =
        "RateLimit, RateLimit-Policy, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, Cache-Status, Age, ETag, X-Request-ID, TagPulse-Degraded"

    func makeApp(cors: String) throws -> some ApplicationProtocol {
        var configuration = GatewayConfiguration(maxBodyBytes: 4096, bootstrapKey: Self.key)
        configuration.cors = try CORSPolicy(parsing: cors)
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: InMemoryEngine(),
            nowMilliseconds: { 1_759_276_800_000 },
            generateRequestID: { "generated-id" }
        )
        return Application(router: router)
    }

    func preflightHeaders(origin: String, method: String = "POST") -> HTTPFields {
        [.origin: origin, .accessControlRequestMethod: method, .accessControlRequestHeaders: "authorization, content-type"]
    }

    static func problemCode(_ response: TestResponse) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return object?["code"] as? String
    }

    @Test("a preflight from an allowed origin is answered 204 by the middleware")
    func preflightAllowed() async throws {
        try await self.makeApp(cors: "\(Self.allowed), http://localhost:5173").test(.router) { client in
            for path in ["/v1/analyze/hashtag", "/healthz", "/no-such-route"] {
                try await client.execute(uri: path, method: .options, headers: self.preflightHeaders(origin: Self.allowed)) { response in
                    #expect(response.status == .noContent, "\(path)")
                    #expect(response.headers[.accessControlAllowOrigin] == Self.allowed)
                    #expect(response.headers[.accessControlAllowCredentials] == "true")
                    #expect(response.headers[.accessControlAllowMethods] == "GET, POST, DELETE, OPTIONS")
                    #expect(
                        response.headers[.accessControlAllowHeaders]
                            == "Authorization, X-API-Key, Content-Type, X-Request-ID, If-None-Match, Cache-Control"
                    )
                    #expect(response.headers[.accessControlMaxAge] == "600")
                    #expect(response.headers[.vary] == "Origin")
                    #expect(response.headers[HTTPField.Name("X-Request-ID")!] == "generated-id")
                    #expect(response.body.readableBytes == 0)
                }
            }
        }
    }

    @Test(
        "a preflight from any other origin is a 403 problem",
        arguments: ["https://evil.example", "null", "https://app.example.com/", "https://app.example.com:8443", "http://app.example.com"]
    )
    func preflightRefused(origin: String) async throws {
        try await self.makeApp(cors: Self.allowed).test(.router) { client in
            try await client.execute(uri: "/v1/analyze/hashtag", method: .options, headers: self.preflightHeaders(origin: origin)) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(Self.problemCode(response) == "CORS_ORIGIN_NOT_ALLOWED")
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.vary] == "Origin")
            }
        }
    }

    @Test("actual requests from an allowed origin get the CORS headers, on success and on errors")
    func actualRequests() async throws {
        try await self.makeApp(cors: Self.allowed).test(.router) { client in
            let cases: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
                ("/healthz", .get, [:], .ok),
                (
                    "/v1/analyze/hashtag", .post, [.authorization: "Bearer \(Self.key)", .contentType: "application/json"],
                    .ok
                ),
                ("/v1/analyze/hashtag", .post, [.contentType: "application/json"], .unauthorized),
                ("/no-such-route", .get, [:], .notFound),
                ("/healthz", .delete, [:], .notFound),
            ]
            for (path, method, headers, status) in cases {
                var headers = headers
                headers[.origin] = Self.allowed
                let body = ByteBuffer(string: #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think?"}"#)
                try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
                    #expect(response.status == status, "\(method) \(path)")
                    #expect(response.headers[.accessControlAllowOrigin] == Self.allowed, "\(method) \(path)")
                    #expect(response.headers[.accessControlAllowCredentials] == "true")
                    #expect(response.headers[.accessControlExposeHeaders] == Self.exposed)
                    #expect(response.headers[values: .vary] == ["Origin"])
                    #expect(response.headers[HTTPField.Name("X-Request-ID")!] == "generated-id")
                }
            }
        }
    }

    @Test("other origins, and requests without Origin, get no CORS headers (but Vary: Origin)")
    func actualRequestsNotAllowed() async throws {
        try await self.makeApp(cors: Self.allowed).test(.router) { client in
            for origin in ["https://evil.example", "null", nil] as [String?] {
                var headers: HTTPFields = [:]
                if let origin { headers[.origin] = origin }
                try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.accessControlAllowOrigin] == nil)
                    #expect(response.headers[.accessControlExposeHeaders] == nil)
                    #expect(response.headers[.vary] == "Origin")
                }
            }
            // An OPTIONS request that is not a preflight goes to the router.
            try await client.execute(uri: "/healthz", method: .options, headers: [.origin: Self.allowed]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.accessControlAllowOrigin] == Self.allowed)
            }
        }
    }

    @Test("'*' allows every origin, never with credentials")
    func wildcard() async throws {
        try await self.makeApp(cors: "*").test(.router) { client in
            try await client.execute(uri: "/healthz", method: .options, headers: self.preflightHeaders(origin: "https://anyone.example")) {
                response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlAllowCredentials] == nil)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.origin: "null"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlAllowCredentials] == nil)
                #expect(response.headers[.accessControlExposeHeaders] == Self.exposed)
            }
        }
    }

    @Test("CORS off: no CORS headers at all, preflights are routed like any OPTIONS")
    func off() async throws {
        try await self.makeApp(cors: "").test(.router) { client in
            try await client.execute(uri: "/healthz", method: .options, headers: self.preflightHeaders(origin: Self.allowed)) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.vary] == nil)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.origin: Self.allowed]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.accessControlExposeHeaders] == nil)
                #expect(response.headers[.vary] == nil)
            }
        }
    }
}
