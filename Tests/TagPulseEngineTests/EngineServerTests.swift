import Foundation
import NIOCore
import TagPulseTestSupport
import TagPulseWire
import XCTest

@testable import TagPulseEngine

#if canImport(Glibc)
    import Glibc
#endif

/// The engine over a real Unix socket: concurrency, ordering, deadlines, overload, bad frames.
final class EngineServerTests: XCTestCase {
    func testPingStatsAndAnalyzeOverTheSocket() async throws {
        try await withEngine { path in
            let client = try await EngineTestClient.connect(path)
            try await client.send(#"{"v":1,"id":"p","method":"ping"}"#)
            let pong = try await client.read(1)[0]
            XCTAssertEqual(pong.id, "p")
            XCTAssertEqual((pong["result"] as? [String: Any])?["pong"] as? Bool, true)

            try await client.send(
                ##"{"v":1,"id":"a","method":"analyze.hashtag","request_id":"r1","params":{"target":"#SkinCare","max_posts":2,"max_comments_per_post":3,"ai_analysis_prompt":"opinions on the price"}}"##
            )
            let analysis = try await client.read(1)[0]
            XCTAssertEqual(analysis["ok"] as? Bool, true, "\(analysis)")
            let result = try XCTUnwrap(analysis["result"] as? [String: Any])
            let metadata = try XCTUnwrap(result["metadata"] as? [String: Any])
            XCTAssertEqual(metadata["hashtag_analyzed"] as? String, "skincare")
            XCTAssertEqual(metadata["total_videos_analyzed"] as? Int, 2)
            XCTAssertEqual(metadata["total_comments_found"] as? Int, 8)
            XCTAssertEqual(metadata["hashtag_api_calls"] as? Int, 1)
            XCTAssertEqual(metadata["comments_api_calls"] as? Int, 2)
            XCTAssertEqual(metadata["total_video_plays"] as? Int, 200)
            let items = try XCTUnwrap(result["comment_analyses"] as? [[String: Any]])
            XCTAssertFalse(items.isEmpty)
            // "first!" is generic engagement and never reported.
            XCTAssertFalse(items.contains { ($0["quote"] as? String) == "first!" })
            XCTAssertTrue(items.contains { ($0["purchase_intent"] as? String) == "high" }, "\(items)")

            try await client.send(#"{"v":1,"id":"s","method":"stats"}"#)
            let statsResponse = try await client.read(1)[0]
            let stats = try XCTUnwrap(statsResponse["result"] as? [String: Any])
            XCTAssertEqual(stats["requests_total"] as? Int, 3)
            XCTAssertEqual(stats["connections"] as? Int, 1)
            await client.close()
        }
    }

    func testResponsesComeBackOutOfOrderMatchedByID() async throws {
        try await withEngine(source: ScriptedSource(slowDelay: .milliseconds(400))) { path in
            let client = try await EngineTestClient.connect(path)
            let params = #""max_posts":1,"max_comments_per_post":1,"ai_analysis_prompt":"opinions on the price""#
            try await client.send(#"{"v":1,"id":"slow","method":"analyze.hashtag","params":{"target":"slowtag",\#(params)}}"#)
            try await client.send(#"{"v":1,"id":"fast","method":"analyze.hashtag","params":{"target":"fasttag",\#(params)}}"#)
            try await client.send(#"{"v":1,"id":"ping","method":"ping"}"#)
            let responses = try await client.read(3)
            XCTAssertEqual(Set(responses.compactMap(\.id)), ["fast", "ping", "slow"])
            XCTAssertEqual(responses.last?.id, "slow", "the slow request was sent first but must be answered last")
            XCTAssertTrue(responses.allSatisfy { $0["ok"] as? Bool == true })
            await client.close()
        }
    }

    func testDeadlineIsHonoured() async throws {
        try await withEngine(source: ScriptedSource(slowDelay: .seconds(30))) { path in
            let client = try await EngineTestClient.connect(path)
            let deadline = Int64(Date().timeIntervalSince1970 * 1000) + 150
            let started = ContinuousClock.now
            try await client.send(
                #"{"v":1,"id":"d","method":"analyze.hashtag","deadline_ms":\#(deadline),"params":{"target":"slowtag","ai_analysis_prompt":"opinions on the price"}}"#
            )
            let response = try await client.read(1)[0]
            XCTAssertEqual(response.errorCode, "DEADLINE_EXCEEDED")
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))

            let past = Int64(Date().timeIntervalSince1970 * 1000) - 1
            try await client.send(
                #"{"v":1,"id":"late","method":"analyze.hashtag","deadline_ms":\#(past),"params":{"target":"any","ai_analysis_prompt":"opinions on the price"}}"#
            )
            let received = try await client.read(1)[0]
            XCTAssertEqual(received.errorCode, "DEADLINE_EXCEEDED")
            await client.close()
        }
    }

    func testCancelStopsAnInFlightRequest() async throws {
        try await withEngine(source: ScriptedSource(slowDelay: .seconds(30))) { path in
            let client = try await EngineTestClient.connect(path)
            try await client.send(
                #"{"v":1,"id":"x","method":"analyze.hashtag","params":{"target":"slowtag","ai_analysis_prompt":"opinions on the price"}}"#
            )
            try await Task.sleep(for: .milliseconds(50))
            try await client.send(#"{"v":1,"id":"c","method":"cancel","params":{"id":"x"}}"#)
            let responses = try await client.read(2)
            let byID = Dictionary(uniqueKeysWithValues: responses.map { ($0.id ?? "", $0) })
            XCTAssertEqual(byID["c"]?["ok"] as? Bool, true)
            XCTAssertEqual(byID["x"]?.errorCode, "CANCELLED")
            await client.close()
        }
    }

    func testOverloadIsAnsweredNotQueued() async throws {
        try await withEngine(source: ScriptedSource(slowDelay: .milliseconds(500)), maxConcurrentAnalyses: 2) { path in
            let client = try await EngineTestClient.connect(path)
            for index in 0..<4 {
                try await client.send(
                    #"{"v":1,"id":"r\#(index)","method":"analyze.hashtag","params":{"target":"slowtag","max_posts":1,"max_comments_per_post":1,"ai_analysis_prompt":"opinions on the price"}}"#
                )
            }
            let responses = try await client.read(4)
            let overloaded = responses.filter { $0.errorCode == "OVERLOADED" }
            XCTAssertEqual(overloaded.count, 2)
            XCTAssertEqual((overloaded.first?["error"] as? [String: Any])?["retryable"] as? Bool, true)
            XCTAssertEqual(responses.filter { $0["ok"] as? Bool == true }.count, 2)
            await client.close()
        }
    }

    func testEnvelopeErrorsKeepTheConnection() async throws {
        try await withEngine { path in
            let client = try await EngineTestClient.connect(path)
            try await client.send(#"{"v":2,"id":"a","method":"ping"}"#)
            try await client.send(#"{"v":1,"id":"b","method":"nope"}"#)
            try await client.send(#"{"v":1,"method":"ping"}"#)
            try await client.send(
                #"{"v":1,"id":"d","method":"analyze.hashtag","params":{"target":"bad tag!","ai_analysis_prompt":"opinions on the price"}}"#
            )
            try await client.send(
                #"{"v":1,"id":"e","method":"analyze.hashtag","params":{"target":"missing","ai_analysis_prompt":"opinions on the price"}}"#
            )
            let codes = try await client.read(5).map { "\($0.id ?? "null"):\($0.errorCode ?? "ok")" }
            XCTAssertEqual(
                Set(codes),
                ["a:UNSUPPORTED_VERSION", "b:METHOD_NOT_FOUND", "null:INVALID_REQUEST", "d:INVALID_PARAMS", "e:TARGET_NOT_FOUND"]
            )
            try await client.send(#"{"v":1,"id":"still","method":"ping"}"#)
            let received = try await client.read(1)[0]
            XCTAssertEqual(received.id, "still")
            await client.close()
        }
    }

    func testGarbageLosesOnlyItsOwnConnection() async throws {
        try await withEngine(maxFrameBytes: 4096) { path in
            let good = try await EngineTestClient.connect(path)
            for garbage in ["not json at all", "[1,2]"] {
                let bad = try await EngineTestClient.connect(path)
                try await bad.send(garbage)
                let answer = try await bad.read(1)[0]
                XCTAssertEqual(answer.errorCode, "BAD_FRAME")
                XCTAssertTrue(answer["id"] is NSNull)
                let closed = await bad.isClosed()
                XCTAssertTrue(closed)
            }
            for rawPrefix in [UInt32(0), UInt32(1 << 30)] {
                let bad = try await EngineTestClient.connect(path)
                var bytes = ByteBuffer()
                bytes.writeInteger(rawPrefix, endianness: .big)
                bytes.writeString("junk")
                try await bad.sendRaw(bytes)
                let received = try await bad.read(1)[0]
                XCTAssertEqual(received.errorCode, "BAD_FRAME")
                let closed = await bad.isClosed()
                XCTAssertTrue(closed)
            }
            try await good.send(#"{"v":1,"id":"ok","method":"ping"}"#)
            let received = try await good.read(1)[0]
            XCTAssertEqual(received.id, "ok")
            await good.close()
        }
    }

    func testAResultOverTheFrameLimitIsAnErrorForItsIDNotALostConnection() async throws {
        try await withEngine(maxFrameBytes: 2048) { path in
            let client = try await EngineTestClient.connect(path)
            try await client.send(
                #"{"v":1,"id":"big","method":"analyze.hashtag","params":{"target":"sometag","max_posts":3,"ai_analysis_prompt":"opinions on the price"}}"#
            )
            let response = try await client.read(1)[0]
            XCTAssertEqual(response.id, "big")
            XCTAssertEqual(response.errorCode, "RESULT_TOO_LARGE")
            try await client.send(#"{"v":1,"id":"still","method":"ping"}"#)
            let pong = try await client.read(1)[0]
            XCTAssertEqual(pong.id, "still", "the connection survives")
            await client.close()
        }
    }

    /// The gateway sends its own frame limit: a result over it is `RESULT_TOO_LARGE` for that id, even when the
    /// engine's limit would let it through, and the connection carries on.
    func testTheSendersResponseLimitIsHonouredPerRequest() async throws {
        try await withEngine(maxFrameBytes: 1 << 20) { path in
            let client = try await EngineTestClient.connect(path)
            let params = #""params":{"target":"sometag","max_posts":3,"ai_analysis_prompt":"opinions on the price"}"#
            try await client.send(#"{"v":1,"id":"capped","method":"analyze.hashtag","max_response_bytes":2048,\#(params)}"#)
            let capped = try await client.read(1)[0]
            XCTAssertEqual(capped.id, "capped")
            XCTAssertEqual(capped.errorCode, "RESULT_TOO_LARGE")
            XCTAssertTrue(((capped["error"] as? [String: Any])?["message"] as? String ?? "").contains("2048"))
            try await client.send(#"{"v":1,"id":"uncapped","method":"analyze.hashtag",\#(params)}"#)
            let uncapped = try await client.read(1)[0]
            XCTAssertEqual(uncapped.id, "uncapped")
            XCTAssertEqual(uncapped["ok"] as? Bool, true, "the engine's own limit allows it")
            try await client.send(#"{"v":1,"id":"huge","method":"ping","max_response_bytes":99999999999}"#)
            let pong = try await client.read(1)[0]
            XCTAssertEqual(pong["ok"] as? Bool, true, "a larger asked limit never raises the engine's")
            await client.close()
        }
    }

    /// A peer that sends requests but stops reading answers: once its unwritten answers pass
    /// `engine.max_queued_response_bytes`, the engine stops reading its requests (back-pressure) instead of queueing
    /// without bound; when the peer reads again, every request is answered.
    func testAPeerThatStopsReadingIsNoLongerRead() async throws {
        let count = 40_000
        try await withEngine(maxQueuedResponseBytes: 64 << 10) { path in
            let quiet = try await EngineTestClient.connect(path)
            try await quiet.channel.setOption(ChannelOptions.autoRead, value: false)
            var frames = ByteBuffer()
            for index in 0..<count {
                let json = #"{"v":1,"id":"p\#(index)","method":"ping"}"#
                frames.writeInteger(UInt32(json.utf8.count), endianness: .big)
                frames.writeString(json)
            }
            quiet.channel.writeAndFlush(frames, promise: nil)

            let observer = try await EngineTestClient.connect(path)
            func received() async throws -> Int {
                try await observer.send(#"{"v":1,"id":"s","method":"stats"}"#)
                return (try await observer.read(1)[0]["result"] as? [String: Any])?["requests_total"] as? Int ?? -1
            }
            try await Task.sleep(for: .seconds(1))
            let first = try await received()
            try await Task.sleep(for: .milliseconds(500))
            let second = try await received()
            XCTAssertLessThan(second, count / 2, "the engine stopped reading the quiet peer (read \(second) of \(count))")
            XCTAssertLessThanOrEqual(second - first, 1, "and stays stopped: only the observer's stats came in")

            try await quiet.channel.setOption(ChannelOptions.autoRead, value: true)
            quiet.channel.read()
            let answers = try await quiet.read(count, timeout: .seconds(60))
            XCTAssertEqual(answers.count, count, "once it reads, every request is answered")
            XCTAssertEqual(answers.last?.id, "p\(count - 1)")
            await quiet.close()
            await observer.close()
        }
    }

    /// Connections that arrive as the engine shuts down (health probes, a second engine checking the socket) are
    /// closed, never dropped unclosed: NIO can make one and never hand it over, which used to trap the process
    /// ("Deinited NIOAsyncWriter without calling finish()"). Every client sees its connection end.
    func testConnectionsArrivingDuringShutdownAreClosedNotDropped() async throws {
        var connected = 0
        for _ in 0..<25 {
            let descriptors = try await withEngine { path in
                (0..<8).map { _ in UnixSocketAddress.socket(at: path, connect) }.filter { $0.result == 0 }.map(\.descriptor)
            }
            for descriptor in descriptors {
                let probe = ConnectionProbe.hasEnded(descriptor)
                XCTAssertTrue(probe.ended, "the connection was left open (\(probe.detail))")
                close(descriptor)
            }
            connected += descriptors.count
        }
        XCTAssertEqual(connected, 25 * 8, "every probe connected while the engine listened")
    }

    func testStaleSocketIsReplacedAndALiveEngineIsNotStolen() async throws {
        let path = temporarySocketPath()
        // A stale socket file: bound by a process that died without removing it.
        try makeStaleSocket(at: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        try await withEngine(socketPath: path) { livePath in
            var attributes = try FileManager.default.attributesOfItem(atPath: livePath)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o660)
            do {
                try SocketPathGuard.prepare(path: livePath)
                XCTFail("a live engine's socket must not be replaced")
            } catch {
                XCTAssertTrue("\(error)".contains("another engine"), "\(error)")
            }
            attributes = try FileManager.default.attributesOfItem(atPath: livePath)
            XCTAssertNotNil(attributes[.type])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the engine removes its socket when it stops")
    }
}

/// Binds a Unix socket at `path` and closes it without listening or unlinking, as a killed engine leaves it.
func makeStaleSocket(at path: String) throws {
    let (descriptor, result) = UnixSocketAddress.socket(at: path, bind)
    defer { close(descriptor) }
    struct BindFailed: Error {}
    guard result == 0 else { throw BindFailed() }
}
