import NIOCore
import XCTest

@testable import TagPulseRedis

/// The exact bytes commands put on the wire.
final class RESPEncodingTests: XCTestCase {
    private func encoded(_ command: RedisCommand) -> String {
        var buffer = ByteBuffer()
        command.encode(into: &buffer)
        return String(buffer: buffer)
    }

    func testGetIsAnArrayOfBulkStrings() {
        XCTAssertEqual(self.encoded(.get("tp:k")), "*2\r\n$3\r\nGET\r\n$4\r\ntp:k\r\n")
    }

    func testSetWithExpiryAndCondition() {
        XCTAssertEqual(
            self.encoded(.set("k", "v", expireMilliseconds: 1500, condition: .ifNotExists)),
            "*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nPX\r\n$4\r\n1500\r\nNX\r\n".replacingOccurrences(of: "NX\r\n", with: "$2\r\nNX\r\n")
        )
        XCTAssertEqual(self.encoded(.set("k", "v", condition: .ifExists)), "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nXX\r\n")
    }

    func testIntegersAreDecimalBulkStrings() {
        XCTAssertEqual(self.encoded(.incrby("c", -42)), "*3\r\n$6\r\nINCRBY\r\n$1\r\nc\r\n$3\r\n-42\r\n")
        XCTAssertEqual(self.encoded(RedisCommand("X", .int(0), .int(Int.max))), "*3\r\n$1\r\nX\r\n$1\r\n0\r\n$19\r\n9223372036854775807\r\n")
        XCTAssertEqual(self.encoded(RedisCommand("X", .int(Int.min))), "*2\r\n$1\r\nX\r\n$20\r\n-9223372036854775808\r\n")
    }

    func testBinaryAndEmptyAndUnicodeArguments() {
        let binary = ByteBuffer(bytes: [0, 13, 10, 255, 36])
        var expected = ByteBuffer(string: "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\n")
        expected.writeBytes([0, 13, 10, 255, 36])
        expected.writeString("\r\n")
        var buffer = ByteBuffer()
        RedisCommand.set("k", .bytes(binary)).encode(into: &buffer)
        XCTAssertEqual(buffer, expected)
        XCTAssertEqual(self.encoded(RedisCommand("ECHO", "")), "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n")
        XCTAssertEqual(self.encoded(RedisCommand("ECHO", "é")), "*2\r\n$4\r\nECHO\r\n$2\r\né\r\n")
    }

    func testScriptHelpers() {
        XCTAssertEqual(
            self.encoded(.evalsha("abc", keys: ["k1", "k2"], arguments: ["a", 7])),
            "*7\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n2\r\n$2\r\nk1\r\n$2\r\nk2\r\n$1\r\na\r\n$1\r\n7\r\n"
        )
        XCTAssertEqual(self.encoded(.scriptLoad("return 1")), "*3\r\n$6\r\nSCRIPT\r\n$4\r\nLOAD\r\n$8\r\nreturn 1\r\n")
        XCTAssertEqual(self.encoded(.ping), "*1\r\n$4\r\nPING\r\n")
        XCTAssertEqual(
            self.encoded(.hset("h", [("a", "1"), ("b", .int(2))])),
            "*6\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"
        )
    }

    func testAPreEncodedCommandSendsTheSameBytesAndForgetsThemWhenChanged() {
        let command = RedisCommand("HMGET", "tp:cp:k:abc", "soft", .int(12), .bytes(ByteBuffer(bytes: [0, 13, 10])))
        let pre = command.preEncoded()
        XCTAssertTrue(pre.isPreEncoded)
        XCTAssertFalse(command.isPreEncoded)
        XCTAssertEqual(self.encoded(pre), self.encoded(command))
        XCTAssertEqual(pre, command)
        XCTAssertEqual(pre.hashValue, command.hashValue)
        // Appended after other bytes, as a pipeline writes it.
        var buffer = ByteBuffer(string: "x")
        pre.encode(into: &buffer)
        XCTAssertEqual(String(buffer: buffer), "x" + self.encoded(command))
        // A change to its name or arguments is encoded, not the bytes from before.
        var renamed = pre
        renamed.name = "HGET"
        XCTAssertFalse(renamed.isPreEncoded)
        XCTAssertTrue(self.encoded(renamed).hasPrefix("*5\r\n$4\r\nHGET\r\n"))
        var changed = pre
        changed.arguments[0] = "tp:cp:k:abd"
        XCTAssertFalse(changed.isPreEncoded)
        XCTAssertTrue(self.encoded(changed).contains("tp:cp:k:abd"))
    }
}
