import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseTestSupport
import XCTest

@testable import TagPulseGateway

/// Slow bodies (issue #15, item 3): a body gets a total deadline from its head (`http.body_timeout_ms`) however it
/// trickles, and one client cannot hold more than `http.max_in_flight_per_client` requests at once.
final class SlowBodyTests: XCTestCase, @unchecked Sendable {
    static let key = "tp_slow_body_key_0123456789abcdef"

    func makeApp(bodyTimeoutMilliseconds: Int, maxInFlightPerClient: Int? = nil, engine: InMemoryEngine = InMemoryEngine())
        -> some ApplicationProtocol
    {
        var configuration = GatewayConfiguration(bootstrapKey: Self.key)
        configuration.bodyTimeout = .milliseconds(bodyTimeoutMilliseconds)
        configuration.maxInFlightPerClient = maxInFlightPerClient
        let router = GatewayApplication.makeRouter(configuration: configuration, engine: engine, nowMilliseconds: { 0 })
        return Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    func testATricklingBodyGetsA408AtItsDeadline() async throws {
        try await self.makeApp(bodyTimeoutMilliseconds: 600).test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let connection = try RawHTTPConnection(port: port)
            let started = ContinuousClock.now
            connection.send(
                "POST /v1/analyze/hashtag HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(Self.key)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\nX-Request-ID: slow-body-1\r\n\r\n{"
            )
            // One byte every 100 ms: each resets an idle timer, none resets the body's deadline.
            var answer = ""
            for _ in 0..<30 {
                try await Task.sleep(for: .milliseconds(100))
                guard connection.send(" ") else { break }
                guard let text = connection.readAvailable() else { break }
                answer += text
                if !answer.isEmpty { break }
            }
            answer += connection.readUntilClosed(timeoutSeconds: 5)
            let elapsed = ContinuousClock.now - started
            XCTAssertEqual(RawHTTPConnection.status(answer), 408, answer)
            XCTAssertTrue(answer.contains("application/problem+json"), answer)
            XCTAssertTrue(answer.contains(#""code":"BODY_TIMEOUT""#), answer)
            XCTAssertTrue(answer.contains(#""request_id":"slow-body-1""#), answer)
            XCTAssertTrue(answer.lowercased().contains("connection: close"), answer)
            XCTAssertLessThan(elapsed, .seconds(2), "the deadline counts from the head, not from the last byte")

            // A body that arrives in time is served as usual.
            let body = ##"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?"}"##
            try await client.execute(
                uri: "/v1/analyze/hashtag",
                method: .post,
                headers: [.authorization: "Bearer \(Self.key)", .contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { XCTAssertEqual($0.status, .ok) }
        }
    }

    func testOneClientCannotHoldMoreThanItsShare() async throws {
        let engine = InMemoryEngine()
        engine.delay.withLock { $0 = .milliseconds(500) }
        let body = ##"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?"}"##
        let headers: HTTPFields = [.authorization: "Bearer \(Self.key)", .contentType: "application/json"]
        try await self.makeApp(bodyTimeoutMilliseconds: 10_000, maxInFlightPerClient: 2, engine: engine).test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                            (Int($0.status.code), $0.headers[.retryAfter] ?? "")
                        }
                    }
                }
                return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
            }
            XCTAssertEqual(statuses.filter { $0.0 == 200 }.count, 2, "\(statuses)")
            XCTAssertEqual(statuses.filter { $0.0 == 429 }.count, 2, "\(statuses)")
            XCTAssertTrue(statuses.filter { $0.0 == 429 }.allSatisfy { $0.1 == "1" })
        }
        XCTAssertEqual(engine.calls.withLock { $0.count }, 2)
    }
}
