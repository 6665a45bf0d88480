import NIOCore
import NIOEmbedded
import XCTest

@testable import TagPulseRedis

/// hiredis's reader on scripted byte streams: every reply type, byte-by-byte feeding, errors, limits.
final class HiredisDecodingTests: XCTestCase {
    private static let script =
        "+OK\r\n-ERR wrong\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n*1\r\n+x\r\n"
    private static let expected: [RESPValue] = [
        .simpleString("OK"),
        .error("ERR wrong"),
        .integer(-7),
        .bulkString(ByteBuffer(string: "hello")),
        .bulkString(ByteBuffer()),
        .bulkString(nil),
        .array(nil),
        .array([]),
        .array([.integer(1), .array([.bulkString(ByteBuffer(string: "a")), .bulkString(nil)]), .array([.simpleString("x")])]),
    ]

    private func decodeAll(_ chunks: [[UInt8]], reader: HiredisReader = HiredisReader(maximumBufferedBytes: 1 << 20)) throws -> [RESPValue] {
        var values: [RESPValue] = []
        for chunk in chunks {
            try chunk.withUnsafeBytes { try reader.feed($0) }
            while let value = try reader.next() { values.append(value) }
        }
        return values
    }

    func testEveryReplyTypeInOneChunk() throws {
        XCTAssertEqual(try self.decodeAll([Array(Self.script.utf8)]), Self.expected)
    }

    func testByteByByteFeeding() throws {
        XCTAssertEqual(try self.decodeAll(Self.script.utf8.map { [$0] }), Self.expected)
    }

    func testNullBulkAndNullArrayStayDistinct() throws {
        let values = try self.decodeAll([Array("$-1\r\n*-1\r\n".utf8)])
        XCTAssertEqual(values, [.bulkString(nil), .array(nil)])
        XCTAssertTrue(values.allSatisfy(\.isNull))
    }

    func testBinaryBulkString() throws {
        var bytes = Array("$256\r\n".utf8)
        bytes += (0...255).map { UInt8($0) }
        bytes += Array("\r\n".utf8)
        XCTAssertEqual(try self.decodeAll([bytes]), [.bulkString(ByteBuffer(bytes: (0...255).map { UInt8($0) }))])
    }

    func testAccessors() {
        XCTAssertEqual(RESPValue.bulkString(ByteBuffer(string: "12")).int, 12)
        XCTAssertEqual(RESPValue.integer(3).int, 3)
        XCTAssertEqual(RESPValue.simpleString("PONG").string, "PONG")
        XCTAssertEqual(RESPValue.error("NOSCRIPT x").errorMessage, "NOSCRIPT x")
        XCTAssertNil(RESPValue.array(nil).array)
        XCTAssertFalse(RESPValue.integer(0).isNull)
    }

    func testInvalidInputIsAProtocolError() {
        let reader = HiredisReader(maximumBufferedBytes: 1 << 20)
        XCTAssertThrowsError(try self.decodeAll([Array("?what\r\n".utf8)], reader: reader)) { error in
            XCTAssertEqual((error as? RedisClientError)?.code, .protocol)
        }
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "*1\r\n", count: 12) + ":1\r\n"
        XCTAssertThrowsError(try self.decodeAll([Array(deep.utf8)])) { error in
            XCTAssertEqual((error as? RedisClientError)?.code, .protocol)
        }
    }

    func testOversizedReplyIsAProtocolError() {
        let reader = HiredisReader(maximumBufferedBytes: 64)
        let big = "$1000\r\n" + String(repeating: "x", count: 100)
        XCTAssertThrowsError(try self.decodeAll([Array(big.utf8)], reader: reader)) { error in
            XCTAssertEqual((error as? RedisClientError)?.code, .protocol)
        }
    }

    func testDecoderInAChannelPipeline() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(RESPDecoder(maximumReplyBytes: 1 << 20)))
        for byte in Self.script.utf8 { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        var values: [RESPValue] = []
        while let value = try channel.readInbound(as: RESPValue.self) { values.append(value) }
        XCTAssertEqual(values, Self.expected)
        XCTAssertThrowsError(try channel.writeInbound(ByteBuffer(string: "!bad\r\n")))
        _ = try? channel.finish()
    }
}
