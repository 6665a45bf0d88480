import NIOCore
import NIOEmbedded
import XCTest

@testable import TagPulseRedis

/// The reply-matching handler without a server: FIFO matching, pipelines, deadlines, closing.
final class RedisCommandHandlerTests: XCTestCase {
    private func makeChannel() throws -> (EmbeddedChannel, RedisCommandHandler) {
        let handler = RedisCommandHandler()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder(maximumReplyBytes: 1 << 20)))
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        return (channel, handler)
    }

    func testRepliesAreMatchedInOrderAndWritesCoalesced() throws {
        let (channel, handler) = try self.makeChannel()
        let deadline = NIODeadline.now() + .seconds(5)
        let first = channel.eventLoop.makePromise(of: RESPValue.self)
        let second = channel.eventLoop.makePromise(of: [RESPValue].self)
        let third = channel.eventLoop.makePromise(of: RESPValue.self)
        handler.enqueue(.get("a"), promise: first, deadline: deadline)
        handler.enqueue([.ping, RedisCommand("BAD")], promise: second, deadline: deadline)
        handler.enqueue(.get("b"), promise: third, deadline: deadline)
        channel.embeddedEventLoop.run()
        let written = try XCTUnwrap(channel.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(String(buffer: written), "*2\r\n$3\r\nGET\r\n$1\r\na\r\n*1\r\n$4\r\nPING\r\n*1\r\n$3\r\nBAD\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n")
        XCTAssertNil(try channel.readOutbound(as: ByteBuffer.self), "one write per tick")
        try channel.writeInbound(ByteBuffer(string: "$1\r\n1\r\n+PONG\r\n-ERR unknown\r\n-WRONGTYPE b\r\n"))
        XCTAssertEqual(try first.futureResult.wait(), .bulkString(ByteBuffer(string: "1")))
        XCTAssertEqual(try second.futureResult.wait(), [.simpleString("PONG"), .error("ERR unknown")])
        XCTAssertThrowsError(try third.futureResult.wait()) { error in
            XCTAssertEqual((error as? RedisClientError)?.code, .server)
            XCTAssertEqual((error as? RedisClientError)?.message, "WRONGTYPE b")
        }
        _ = try? channel.finish()
    }

    /// A pipeline's replies may arrive over several reads and share a read with the next pipeline's: each gets exactly
    /// its own, in order; one cut short by a close fails.
    func testPipelinesCollectTheirRepliesAcrossReads() throws {
        let (channel, handler) = try self.makeChannel()
        let deadline = NIODeadline.now() + .seconds(5)
        let first = channel.eventLoop.makePromise(of: [RESPValue].self)
        let second = channel.eventLoop.makePromise(of: [RESPValue].self)
        let third = channel.eventLoop.makePromise(of: [RESPValue].self)
        handler.enqueue([.ping, .ping, .ping], promise: first, deadline: deadline)
        handler.enqueue([.ping, .ping], promise: second, deadline: deadline)
        handler.enqueue([.ping, .ping], promise: third, deadline: deadline)
        channel.embeddedEventLoop.run()
        try channel.writeInbound(ByteBuffer(string: "+a1\r\n"))
        try channel.writeInbound(ByteBuffer(string: "+a2\r\n+a3\r\n+b1\r\n"))
        try channel.writeInbound(ByteBuffer(string: "+b2\r\n+c1\r\n"))
        XCTAssertEqual(try first.futureResult.wait(), [.simpleString("a1"), .simpleString("a2"), .simpleString("a3")])
        XCTAssertEqual(try second.futureResult.wait(), [.simpleString("b1"), .simpleString("b2")])
        try channel.close().wait()
        XCTAssertThrowsError(try third.futureResult.wait()) { XCTAssertEqual(($0 as? RedisClientError)?.code, .connectionClosed) }
    }

    func testTimeoutFailsTheLateCallerClosesTheConnectionAndNeverMisdeliversAReply() throws {
        let (channel, handler) = try self.makeChannel()
        let now = NIODeadline.now()
        let slow = channel.eventLoop.makePromise(of: RESPValue.self)
        let other = channel.eventLoop.makePromise(of: RESPValue.self)
        handler.enqueue(.get("slow"), promise: slow, deadline: now + .milliseconds(5))
        handler.enqueue(.get("other"), promise: other, deadline: now + .seconds(60))
        // The handler compares deadlines with the real clock; the embedded loop's timer runs on virtual time.
        usleep(10_000)
        channel.embeddedEventLoop.advanceTime(to: now + .milliseconds(10))
        XCTAssertThrowsError(try slow.futureResult.wait()) { XCTAssertEqual(($0 as? RedisClientError)?.code, .timeout) }
        XCTAssertThrowsError(try other.futureResult.wait()) { XCTAssertEqual(($0 as? RedisClientError)?.code, .connectionClosed) }
        XCTAssertFalse(channel.isActive)
        let after = channel.eventLoop.makePromise(of: RESPValue.self)
        handler.enqueue(.get("x"), promise: after, deadline: now + .seconds(5))
        XCTAssertThrowsError(try after.futureResult.wait()) { XCTAssertEqual(($0 as? RedisClientError)?.code, .connectionClosed) }
    }

    func testCloseFailsEverythingPending() throws {
        let (channel, handler) = try self.makeChannel()
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        handler.enqueue(.ping, promise: promise, deadline: .now() + .seconds(5))
        try channel.close().wait()
        XCTAssertThrowsError(try promise.futureResult.wait()) { XCTAssertEqual(($0 as? RedisClientError)?.code, .connectionClosed) }
    }

    func testUnexpectedReplyIsAProtocolErrorThatCloses() throws {
        let (channel, _) = try self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n"))
        XCTAssertFalse(channel.isActive)
    }
}
