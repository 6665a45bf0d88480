import NIOCore
import XCTest

@testable import TagPulseRedis

/// Slotting, slot maps and redirections: no I/O.
final class RedisClusterSlotTests: XCTestCase {
    func testSlotsMatchRedisClusterKeyslot() {
        // Values from `CLUSTER KEYSLOT` on Redis 7.
        XCTAssertEqual(RedisClusterSlot(key: "foo").rawValue, 12182)
        XCTAssertEqual(RedisClusterSlot(key: "bar").rawValue, 5061)
        XCTAssertEqual(RedisClusterSlot(key: "123456789").rawValue, 12739)  // CRC16/XMODEM check value 0x31C3
        XCTAssertEqual(RedisClusterSlot(key: "").rawValue, 0)
    }

    func testHashTagsPutKeysInOneSlot() {
        let slot = RedisClusterSlot(key: "user1000")
        XCTAssertEqual(RedisClusterSlot(key: "{user1000}.following"), slot)
        XCTAssertEqual(RedisClusterSlot(key: "tp:rl:{user1000}:60000"), slot)
        // The first `{…}` counts; an empty one does not.
        XCTAssertEqual(RedisClusterSlot(key: "foo{}{bar}"), RedisClusterSlot(key: "foo{}{bar}"))
        XCTAssertNotEqual(RedisClusterSlot(key: "foo{}{bar}"), RedisClusterSlot(key: "bar"))
        XCTAssertEqual(RedisClusterSlot(key: "foo{{bar}}zap"), RedisClusterSlot(key: "{bar"))
        XCTAssertEqual(RedisClusterSlot(key: "foo{bar}{zap}"), RedisClusterSlot(key: "bar"))
        XCTAssertEqual(RedisClusterSlot(key: "{unclosed"), RedisClusterSlot(keyBytes: Array("{unclosed".utf8)))
    }

    func testCommandsAreRoutedByTheirFirstKey() {
        XCTAssertEqual(RedisCommand.get("{a}x").clusterSlot, RedisClusterSlot(key: "a"))
        XCTAssertEqual(RedisCommand.evalsha("sha", keys: ["{b}1", "{b}2"], arguments: ["x"]).clusterSlot, RedisClusterSlot(key: "b"))
        XCTAssertNil(RedisCommand.evalsha("sha", keys: [], arguments: ["x"]).clusterSlot)
        XCTAssertNil(RedisCommand.ping.clusterSlot)
        XCTAssertNil(RedisCommand.publish("channel", "message").clusterSlot)
        XCTAssertNil(RedisCommand.scriptLoad("return 1").clusterSlot)
        XCTAssertEqual(RedisCommand("EVAL", ["return 1", "1", "k"]).clusterSlot, RedisClusterSlot(key: "k"))
    }

    func testRedirectionsAreRead() {
        XCTAssertEqual(
            RedisClusterRedirection(errorMessage: "MOVED 3999 127.0.0.1:6381"),
            .moved(RedisClusterSlot(rawValue: 3999)!, .hostname("127.0.0.1", port: 6381))
        )
        XCTAssertEqual(
            RedisClusterRedirection(errorMessage: "ASK 3999 [::1]:6381"),
            .ask(RedisClusterSlot(rawValue: 3999)!, .hostname("::1", port: 6381))
        )
        XCTAssertEqual(RedisClusterRedirection(errorMessage: "TRYAGAIN Multiple keys request during rehashing of slot"), .tryAgain)
        XCTAssertEqual(RedisClusterRedirection(errorMessage: "CLUSTERDOWN The cluster is down"), .clusterDown)
        XCTAssertNil(RedisClusterRedirection(errorMessage: "ERR wrong number of arguments"))
        XCTAssertNil(RedisClusterRedirection(errorMessage: "MOVED 99999 127.0.0.1:1"))
        XCTAssertNil(RedisClusterRedirection(errorMessage: "MOVED 1 nowhere"))
    }

    func testMovedIsFollowedAFewTimesThenFails() {
        var retry = RedisClusterRetry()
        let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let moved = RedisClusterRedirection.moved(RedisClusterSlot(rawValue: 1)!, .hostname("10.0.0.2", port: 7000))
        for _ in 0..<RedisClusterRetry.maximumRedirections {
            XCTAssertEqual(
                retry.next(after: moved, now: now, deadline: now + .seconds(1)),
                .retry(node: .hostname("10.0.0.2", port: 7000), asking: false, delay: .zero)
            )
        }
        XCTAssertEqual(retry.next(after: moved, now: now, deadline: now + .seconds(1)), .fail, "a redirection loop ends")
    }

    func testAskIsFollowedOnceWithAsking() {
        var retry = RedisClusterRetry()
        let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let ask = RedisClusterRedirection.ask(RedisClusterSlot(rawValue: 7)!, .hostname("10.0.0.3", port: 7001))
        XCTAssertEqual(
            retry.next(after: ask, now: now, deadline: now + .seconds(1)),
            .retry(node: .hostname("10.0.0.3", port: 7001), asking: true, delay: .zero)
        )
        XCTAssertEqual(retry.next(after: ask, now: now, deadline: now + .seconds(1)), .fail)
    }

    func testTryAgainAndClusterDownWaitWithinTheDeadline() {
        var retry = RedisClusterRetry()
        let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        XCTAssertEqual(
            retry.next(after: .tryAgain, now: now, deadline: now + .seconds(1)),
            .retry(node: nil, asking: false, delay: .milliseconds(10))
        )
        XCTAssertEqual(
            retry.next(after: .clusterDown, now: now, deadline: now + .seconds(1)),
            .retry(node: nil, asking: false, delay: .milliseconds(20))
        )
        XCTAssertEqual(retry.next(after: .tryAgain, now: now, deadline: now + .milliseconds(30)), .fail, "no pause past the deadline")
        XCTAssertEqual(retry.next(after: nil, now: now, deadline: now + .seconds(1)), .fail, "other errors are the caller's")
    }

    func testSlotsReplyBecomesAMap() throws {
        func node(_ host: String, _ port: Int) -> RESPValue {
            .array([.bulkString(ByteBuffer(string: host)), .integer(port), .bulkString(ByteBuffer(string: "id"))])
        }
        let reply = RESPValue.array([
            .array([.integer(0), .integer(8191), node("10.0.0.1", 7000), node("10.0.0.4", 7003)]),
            .array([.integer(8192), .integer(16383), node("", 7001)]),
        ])
        let map = try XCTUnwrap(RedisClusterMap(slotsReply: reply, origin: .hostname("10.0.0.9", port: 7000)))
        XCTAssertTrue(map.isComplete)
        XCTAssertEqual(map.master(for: RedisClusterSlot(rawValue: 8191)!), .hostname("10.0.0.1", port: 7000))
        XCTAssertEqual(map.master(for: RedisClusterSlot(rawValue: 8192)!), .hostname("10.0.0.9", port: 7001), "an empty host is where we asked")
        XCTAssertEqual(map.replicas[0], [.hostname("10.0.0.4", port: 7003)])

        var moved = map
        moved.move(RedisClusterSlot(rawValue: 5)!, to: .hostname("10.0.0.5", port: 7005))
        XCTAssertEqual(moved.master(for: RedisClusterSlot(rawValue: 5)!), .hostname("10.0.0.5", port: 7005))
        XCTAssertEqual(moved.master(for: RedisClusterSlot(rawValue: 6)!), .hostname("10.0.0.1", port: 7000))
    }

    func testShardsReplyBecomesAMapWithoutFailedNodes() throws {
        func text(_ value: String) -> RESPValue { .bulkString(ByteBuffer(string: value)) }
        func node(_ ip: String, _ port: Int, _ role: String, _ health: String) -> RESPValue {
            .array([
                text("id"), text("x"), text("port"), .integer(port), text("ip"), text(ip), text("endpoint"), text(ip), text("role"), text(role),
                text("health"), text(health),
            ])
        }
        let reply = RESPValue.array([
            .array([
                text("slots"), .array([.integer(0), .integer(100), .integer(200), .integer(16383)]), text("nodes"),
                .array([
                    node("10.0.0.1", 7000, "master", "failed"), node("10.0.0.2", 7001, "master", "online"),
                    node("10.0.0.3", 7002, "replica", "online"),
                ]),
            ])
        ])
        let map = try XCTUnwrap(RedisClusterMap(shardsReply: reply, origin: .hostname("127.0.0.1", port: 1)))
        XCTAssertEqual(map.masters, [.hostname("10.0.0.2", port: 7001)])
        XCTAssertEqual(map.uncoveredSlots, 99, "slots 101–199 have no master")
        XCTAssertFalse(map.isComplete)
        XCTAssertEqual(map.replicas[0], [.hostname("10.0.0.3", port: 7002)])
    }
}
