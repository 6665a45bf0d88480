import AsyncHTTPClient
import Foundation
import NIOCore
import TagPulseTestSupport
import XCTest

/// The raw-bytes hit front (decision 0006) in a real gateway, over raw sockets: a connection busy with hits the front
/// answers outlives the idle timeout while an idle one is closed; hits, other requests and `Connection: close`
/// pipelined in one write come back in order; a hit waiting for Redis is answered before a graceful shutdown closes
/// its connection; a client that reads none of its responses is answered only what the sockets take.
final class HitFrontEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?
    var redis: RedisServerProcess?

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        self.redis?.stop()
        try await self.http?.shutdown()
        self.http = nil
    }

    let path = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=3"

    /// An engine and a gateway on a Redis of their own, with one cached entry.
    func warmStack(_ environment: [String: String]) async throws -> StackProcess {
        let redis = try RedisServerProcess()
        self.redis = redis
        try redis.start()
        let stack = try await StackProcess.started(on: redis, environment: environment, http: self.http)
        self.stack = stack
        let first = try await self.http.stackRequest(stack.baseURL + self.path, key: stack.key)
        XCTAssertEqual(first.status, 200)
        return stack
    }

    func hit(_ key: String, close: Bool = false) -> String {
        "GET \(self.path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\(close ? "Connection: close\r\n" : "")\r\n"
    }

    /// Reads until `count` whole responses (framed by `Content-Length`) arrived or `seconds` passed.
    /// Up to `count` responses read from `connection` within `seconds`, framed by their `Content-Length` on the bytes
    /// as they came (a body's UTF-8 character split across two reads is whole again before it is decoded).
    func responses(_ connection: RawHTTPConnection, count: Int, seconds: Double = 5) -> [(status: Int, head: String, body: String)] {
        var bytes: [UInt8] = []
        var parsed: [(Int, String, String)] = []
        let deadline = Date().addingTimeInterval(seconds)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while parsed.count < count, Date() < deadline {
            guard let more = connection.readAvailableBytes() else { break }
            if more.isEmpty {
                Thread.sleep(forTimeInterval: 0.005)
                continue
            }
            bytes += more
            while let end = Self.firstRange(of: separator, in: bytes) {
                let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                guard bytes.count - end.upperBound >= length else { break }
                let body = String(decoding: bytes[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
                parsed.append((RawHTTPConnection.status(head) ?? 0, head, body))
                bytes.removeFirst(end.upperBound + length)
            }
        }
        return parsed
    }

    private static func firstRange(of separator: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard let first = separator.first, bytes.count >= separator.count else { return nil }
        for start in 0...(bytes.count - separator.count) where bytes[start] == first {
            if bytes[start..<(start + separator.count)].elementsEqual(separator) { return start..<(start + separator.count) }
        }
        return nil
    }

    func testABusyConnectionOfHitsOutlivesTheIdleTimeoutAndAnIdleOneIsClosed() async throws {
        let stack = try await self.warmStack(["TAGPULSE_HTTP_IDLE_TIMEOUT_S": "1"])
        let connection = try RawHTTPConnection(port: stack.port)
        for round in 0..<8 {
            XCTAssertTrue(connection.send(self.hit(stack.key)), "round \(round): the connection is open")
            let answer = self.responses(connection, count: 1)
            XCTAssertEqual(answer.first?.status, 200, "round \(round)")
            XCTAssertTrue(answer.first?.head.contains("Cache-Status: TagPulse; hit") == true, answer.first?.head ?? "no answer")
            try await Task.sleep(for: .milliseconds(300))
        }
        // 2.4 s of hits on a 1 s idle timeout: still open. Now idle.
        let closedAfter = ContinuousClock.now
        let rest = connection.readUntilClosed(timeoutSeconds: 4)
        XCTAssertEqual(rest, "")
        XCTAssertLessThan(ContinuousClock.now - closedAfter, .milliseconds(2500), "closed by the idle timeout")
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 8, "every hit answered by the front")
        let statuses = stack.log("tagpulse-gateway").split(separator: "\n")
            .filter { $0.contains("request.completed") && $0.contains(#""http.handler":"front""#) }
            .filter { $0.contains(#""cache.status":"TagPulse; hit; ttl="#) }
        XCTAssertEqual(statuses.count, 8, "each front hit's access line says what its Cache-Status said")
    }

    /// The gateway's access lines whose `http.handler` is `handler` (`front`, `event-loop`; the router's have none).
    func accessLines(_ stack: StackProcess, handler: String) -> Int {
        stack.log("tagpulse-gateway").split(separator: "\n")
            .filter { $0.contains("request.completed") && $0.contains("\"http.handler\":\"\(handler)\"") }.count
    }

    /// A request the front does not answer (a route that is not a hit, a miss) is lent to the HTTP codecs alone; the
    /// connection comes back to the front once its response has ended, so the hits after it, sent one by one or
    /// pipelined behind it, are still the front's.
    func testHitsAfterOtherRequestsOnTheSameConnectionAreStillTheFronts() async throws {
        let stack = try await self.warmStack([:])
        let connection = try RawHTTPConnection(port: stack.port)
        let health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        let miss = self.hit(stack.key).replacingOccurrences(of: "max_posts=3", with: "max_posts=2")
        XCTAssertTrue(connection.send(health))
        XCTAssertEqual(self.responses(connection, count: 1).map(\.status), [200])
        XCTAssertTrue(connection.send(self.hit(stack.key)))
        XCTAssertEqual(self.responses(connection, count: 1).map(\.status), [200])
        XCTAssertTrue(connection.send(miss + self.hit(stack.key) + health + self.hit(stack.key)))
        let answers = self.responses(connection, count: 4, seconds: 20)
        XCTAssertEqual(answers.map(\.status), [200, 200, 200, 200])
        XCTAssertEqual(answers.map { $0.head.contains("Cache-Status: TagPulse; hit") }, [false, true, false, true])
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 3, "the three hits")
        XCTAssertEqual(self.accessLines(stack, handler: "event-loop"), 0, "none left to the codecs' hit path")
    }

    /// An `OPTIONS` (or `HEAD`, or `DELETE`) without a body is framed and lent like any request the front does not
    /// answer: the hits pipelined behind it are still the front's, where before it took the connection to the codecs
    /// for good.
    func testHitsAfterAnOptionsRequestAreStillTheFronts() async throws {
        let stack = try await self.warmStack([:])
        let connection = try RawHTTPConnection(port: stack.port)
        let options = "OPTIONS /v1/analyze/hashtag HTTP/1.1\r\nHost: x\r\n\r\n"
        XCTAssertTrue(connection.send(self.hit(stack.key)))
        XCTAssertEqual(self.responses(connection, count: 1).map(\.status), [200])
        XCTAssertTrue(connection.send(options + self.hit(stack.key) + self.hit(stack.key)))
        let answers = self.responses(connection, count: 3, seconds: 20)
        XCTAssertEqual(answers.count, 3)
        XCTAssertEqual(answers.dropFirst().map { $0.head.contains("Cache-Status: TagPulse; hit") }, [true, true])
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 3, "the three hits")
        XCTAssertEqual(self.accessLines(stack, handler: "event-loop"), 0, "none left to the codecs' hit path")
    }

    /// Clients often write a POST's body apart from its head (AsyncHTTPClient does): the front holds the head for the
    /// body (`http.split_request_wait_ms`, 1 s here so a loaded CI machine cannot miss it) and answers the hit itself; a
    /// body later than that is lent to the codecs as it comes, and the connection still comes back to the front.
    func testAPostWhoseBodyComesApartFromItsHeadIsStillTheFronts() async throws {
        let stack = try await self.warmStack(["TAGPULSE_HTTP_SPLIT_REQUEST_WAIT_MS": "1000"])
        let connection = try RawHTTPConnection(port: stack.port)
        let body = ##"{"hashtag":"skincare","max_posts":2,"ai_analysis_prompt":"What do people think about the price?"}"##
        let head =
            "POST /v1/analyze/hashtag HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(stack.key)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        func post(bodyAfter delay: Duration) async throws -> (status: Int, head: String, body: String)? {
            XCTAssertTrue(connection.send(head))
            try await Task.sleep(for: delay)
            XCTAssertTrue(connection.send(body))
            return self.responses(connection, count: 1, seconds: 20).first
        }
        let miss = try await post(bodyAfter: .milliseconds(1))
        XCTAssertEqual(miss?.status, 200)
        XCTAssertFalse(miss?.head.contains("Cache-Status: TagPulse; hit") ?? true, "the first is a miss")
        let hit = try await post(bodyAfter: .milliseconds(1))
        XCTAssertTrue(hit?.head.contains("Cache-Status: TagPulse; hit") == true, hit?.head ?? "no answer")
        XCTAssertEqual(hit?.body, miss?.body)
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 1, "held for its body, answered by the front")
        let late = try await post(bodyAfter: .milliseconds(1500))
        XCTAssertTrue(late?.head.contains("Cache-Status: TagPulse; hit") == true, late?.head ?? "no answer")
        XCTAssertEqual(self.accessLines(stack, handler: "event-loop"), 1, "a late body: lent to the codecs' hit path")
        XCTAssertTrue(connection.send(self.hit(stack.key)))
        XCTAssertEqual(self.responses(connection, count: 1).map(\.status), [200])
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 2, "and the connection came back to the front")
    }

    func testHitsOtherRequestsAndAClosePipelinedInOneWriteComeBackInOrder() async throws {
        let stack = try await self.warmStack([:])
        let connection = try RawHTTPConnection(port: stack.port)
        let other = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        XCTAssertTrue(connection.send(self.hit(stack.key) + other + self.hit(stack.key) + self.hit(stack.key, close: true)))
        let answers = self.responses(connection, count: 4)
        XCTAssertEqual(answers.map(\.status), [200, 200, 200, 200])
        XCTAssertEqual(answers.map { $0.head.contains("Cache-Status: TagPulse; hit") }, [true, false, true, true])
        XCTAssertTrue(answers.count == 4 && answers[1].body.contains("\"status\""), "the health document second")
        XCTAssertEqual(connection.readUntilClosed(timeoutSeconds: 3), "", "closed after the response that said close")
    }

    func testAHitWaitingForRedisIsAnsweredBeforeAGracefulShutdownClosesItsConnection() async throws {
        let stack = try await self.warmStack(["TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS": "3000"])
        let connection = try RawHTTPConnection(port: stack.port)
        XCTAssertTrue(connection.send(self.hit(stack.key)))
        XCTAssertEqual(self.responses(connection, count: 1).first?.status, 200, "hot now")
        let redis = try XCTUnwrap(self.redis)
        let sleeper = Thread { _ = try? redis.cli(["DEBUG", "SLEEP", "1"]) }
        sleeper.start()
        try await Task.sleep(for: .milliseconds(100))
        XCTAssertTrue(connection.send(self.hit(stack.key)))
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        let status = stack.terminate(stack.gateway)
        let answer = connection.readUntilClosed(timeoutSeconds: 5)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(RawHTTPConnection.status(answer), 200, "answered, then closed: \(answer.prefix(300))")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
    }

    /// A client that pipelines hits and reads none of the responses is answered only what the sockets take: then the
    /// front answers and reads nothing more until the client reads. Before, it answered every request it was sent and
    /// kept the responses (a 200-byte request held a 106 KB response, its body shared, plus its own head).
    func testAClientThatReadsNoResponsesIsAnsweredOnlyWhatTheSocketsTake() async throws {
        let stack = try await self.warmStack([:])
        let large = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=5&max_comments_per_post=62"
        for _ in 0..<2 {
            let response = try await self.http.stackRequest(stack.baseURL + large, key: stack.key)
            XCTAssertEqual(response.status, 200)
        }
        let answeredBefore = self.accessLines(stack, handler: "front")
        let request = "GET \(large) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(stack.key)\r\n\r\n"
        let count = 3000
        var pending = Array(String(repeating: request, count: count).utf8)[...]
        let connection = try RawHTTPConnection(port: stack.port)
        var idleRounds = 0
        while !pending.isEmpty, idleRounds < 10 {
            let sent = connection.sendAvailable(pending)
            pending = pending.dropFirst(sent)
            idleRounds = sent > 0 ? 0 : idleRounds + 1
            if sent == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        let sent = count - pending.count / request.utf8.count
        try await Task.sleep(for: .milliseconds(500))
        let answered = self.accessLines(stack, handler: "front") - answeredBefore
        // What the sockets hold: the gateway's send buffer (4 MiB at most on Linux) and the client's receive buffer,
        // about 40 responses of 106 KB; 100 leaves room for larger buffers.
        XCTAssertLessThan(answered, 100, "answered \(answered) of \(sent) requests the client did not read")
        XCTAssertGreaterThan(sent, answered + 100, "the client sent well beyond what was answered")
        // Once the client reads, the front answers again.
        let read = connection.discard(40 << 20, timeoutSeconds: 5)
        XCTAssertEqual(read, 40 << 20)
        try await Task.sleep(for: .milliseconds(300))
        XCTAssertGreaterThan(self.accessLines(stack, handler: "front") - answeredBefore, answered + 300)
    }
}
