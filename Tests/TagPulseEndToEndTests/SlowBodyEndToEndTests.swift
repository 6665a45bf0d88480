import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// The slow-body attack of issue #15 (item 3) against the real binaries: with `http.max_in_flight` 8, one key sends
/// eight POSTs trickling one byte every 2 s. Another tenant must still be served throughout (it used to get 503 for
/// as long as the trickle lasted); the attacker's requests get 429 `TOO_MANY_IN_FLIGHT` past its share, and 408
/// `BODY_TIMEOUT` at the body deadline (`http.body_timeout_ms`, default 10 s) for the ones admitted.
final class SlowBodyEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        try await self.http?.shutdown()
        self.http = nil
    }

    func createKey(_ stack: StackProcess, name: String) async throws -> String {
        let answer = try await self.http.stackRequest(
            stack.baseURL + "/v1/admin/keys",
            method: .POST,
            body: #"{"name":"\#(name)","tier":"standard","scopes":["analyze"]}"#,
            key: stack.key
        )
        XCTAssertEqual(answer.status, 201, String(buffer: answer.body))
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.readableBytesView)) as? [String: Any]
        return try XCTUnwrap(object?["key"] as? String)
    }

    func testEightTricklingBodiesFromOneKeyDoNotStarveAnotherTenant() async throws {
        let stack = try StackProcess(extraEnvironment: ["TAGPULSE_HTTP_MAX_IN_FLIGHT": "8"])
        self.stack = stack
        try stack.startEngine()
        try stack.startGateway()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let ready = try? await self.http.stackRequest(stack.baseURL + "/readyz"), ready.status == 200 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let attacker = try await self.createKey(stack, name: "attacker")
        let tenant = try await self.createKey(stack, name: "tenant")
        let port = stack.port
        let started = ContinuousClock.now

        // Bodies announced over `http.event_loop_body_bytes` (16 KiB) go to the router from their head, where the
        // per-client cap applies. (Smaller ones are held on the event loop, which no tenant's capacity pays for,
        // under the same body deadline.)
        try await withThrowingTaskGroup(of: (Int?, Duration).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let connection = try RawHTTPConnection(port: port)
                    connection.send(
                        "POST /v1/analyze/hashtag HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(attacker)\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 20000\r\nX-Request-ID: trickle-\(index)\r\n\r\n{"
                    )
                    var answer = ""
                    // One byte every 2 s, for at most 30 s, until the gateway answers or closes.
                    for _ in 0..<15 {
                        for _ in 0..<20 {
                            try await Task.sleep(for: .milliseconds(100))
                            guard let text = connection.readAvailable() else {
                                return (RawHTTPConnection.status(answer), ContinuousClock.now - started)
                            }
                            answer += text
                            if !answer.isEmpty { return (RawHTTPConnection.status(answer), ContinuousClock.now - started) }
                        }
                        guard connection.send(" ") else { break }
                    }
                    return (RawHTTPConnection.status(answer), ContinuousClock.now - started)
                }
            }

            // Meanwhile, another tenant keeps being served.
            try await Task.sleep(for: .milliseconds(500))
            let query = "/v1/hashtags/skincare/analysis?max_posts=2&prompt=What%20about%20the%20price%3F"
            for round in 0..<8 {
                let answer = try await self.http.stackRequest(stack.baseURL + query, key: tenant, timeout: .seconds(10))
                XCTAssertEqual(answer.status, 200, "round \(round) at \(ContinuousClock.now - started): \(String(buffer: answer.body))")
                try await Task.sleep(for: .seconds(1))
            }

            var outcomes: [(Int?, Duration)] = []
            for try await outcome in group { outcomes.append(outcome) }
            let tooMany = outcomes.filter { $0.0 == 429 }
            let timedOut = outcomes.filter { $0.0 == 408 }
            XCTAssertEqual(tooMany.count, 6, "\(outcomes); max_in_flight_per_client defaults to 8 ÷ 4 = 2")
            XCTAssertEqual(timedOut.count, 2, "\(outcomes)")
            for outcome in timedOut {
                XCTAssertGreaterThanOrEqual(outcome.1, .seconds(9), "the default body deadline is 10 s")
                XCTAssertLessThan(outcome.1, .seconds(14), "however long the trickle would last")
            }
        }
    }
}
