import Foundation
import NIOCore
import NIOPosix
import TagPulseRedis
import TagPulseTestSupport
import XCTest

/// The client against the shared test server (`TAGPULSE_TEST_REDIS_URL`): reply types, binary and large values,
/// ordering under concurrency, pipelines, both APIs, scripts. Each test uses its own key prefix and deletes its keys.
final class RedisClientIntegrationTests: XCTestCase {
    private func configuration() throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: try requireSharedRedis())
        configuration.clientName = "tagpulse-redis-tests"
        return configuration
    }

    func testEveryReplyType() async throws {
        let prefix = uniquePrefix()
        try await withRunningClient(try self.configuration()) { client in
            defer { _ = client.send(.del([prefix + "s", prefix + "h"])) }
            let pong = try await client.send(.ping)
            XCTAssertEqual(pong, .simpleString("PONG"))
            let missing = try await client.send(.get(prefix + "missing"))
            XCTAssertEqual(missing, .bulkString(nil))
            let set = try await client.send(.set(prefix + "s", "v", expireMilliseconds: 60_000))
            XCTAssertEqual(set, .simpleString("OK"))
            let notSet = try await client.send(.set(prefix + "s", "w", condition: .ifNotExists))
            XCTAssertTrue(notSet.isNull)
            let value = try await client.send(.get(prefix + "s"))
            XCTAssertEqual(value.string, "v")
            let ttl = try await client.send(.pttl(prefix + "s"))
            XCTAssertTrue((1...60_000).contains(ttl.int ?? 0))
            let incremented = try await client.send(.incrby(prefix + "n", 5))
            XCTAssertEqual(incremented, .integer(5))
            _ = try await client.send(.del([prefix + "n"]))
            let nested = try await client.send(RedisCommand("EVAL", "return {1, {'a', false}, {}, 'b'}", 0))
            XCTAssertEqual(
                nested,
                .array([
                    .integer(1), .array([.bulkString(ByteBuffer(string: "a")), .bulkString(nil)]), .array([]), .bulkString(ByteBuffer(string: "b")),
                ])
            )
            let time = try await client.send(.time)
            XCTAssertEqual(time.array?.count, 2)
            let hset = try await client.send(.hset(prefix + "h", [("a", "1"), ("b", .int(2))]))
            XCTAssertEqual(hset, .integer(2))
            let hash = try await client.send(.hgetall(prefix + "h"))
            XCTAssertEqual(hash.array?.compactMap(\.string).sorted(), ["1", "2", "a", "b"])
            let mget = try await client.send(.mget([prefix + "s", prefix + "missing"]))
            XCTAssertEqual(mget, .array([.bulkString(ByteBuffer(string: "v")), .bulkString(nil)]))
            do throws(RedisClientError) {
                _ = try await client.send(.incrby(prefix + "h", 1))
                XCTFail("expected WRONGTYPE")
            } catch {
                XCTAssertEqual(error.code, .server)
                XCTAssertEqual(error.serverErrorPrefix, "WRONGTYPE")
            }
            let deleted = try await client.send(.del([prefix + "s", prefix + "h"]))
            XCTAssertEqual(deleted, .integer(2))
        }
    }

    func testBinaryValuesAndAnEightMebibyteValue() async throws {
        let prefix = uniquePrefix()
        try await withRunningClient(try self.configuration()) { client in
            let binary = ByteBuffer(bytes: (0...255).map { UInt8($0) } + [13, 10, 0, 36, 42])
            _ = try await client.send(.set(prefix + "bin", .bytes(binary)))
            let readBack = try await client.send(.get(prefix + "bin"))
            XCTAssertEqual(readBack.buffer, binary)
            var big = ByteBuffer()
            for index in 0..<(8 * 1024 * 1024) { big.writeInteger(UInt8(truncatingIfNeeded: index &* 31 &+ 7)) }
            _ = try await client.send(.set(prefix + "big", .bytes(big)), timeout: .seconds(10))
            let bigBack = try await client.send(.get(prefix + "big"), timeout: .seconds(10))
            XCTAssertEqual(bigBack.buffer?.readableBytes, big.readableBytes)
            XCTAssertTrue(bigBack.buffer == big)
            let stillWorks = try await client.send(.ping)
            XCTAssertEqual(stillWorks.string, "PONG")
            _ = try await client.send(.del([prefix + "bin", prefix + "big"]))
        }
    }

    func testOrderingUnderSixtyFourConcurrentCallers() async throws {
        let prefix = uniquePrefix()
        var configuration = try self.configuration()
        configuration.poolSize = 2
        try await withRunningClient(configuration) { client in
            try await withThrowingDiscardingTaskGroup { group in
                for caller in 0..<64 {
                    group.addTask {
                        let key = prefix + "c\(caller)"
                        for round in 0..<50 {
                            // Each caller's own sequence must come back exactly in order, whatever the interleaving.
                            let counted = try await client.send(.incrby(key, 1))
                            XCTAssertEqual(counted, .integer(round + 1))
                            let echoed = try await client.send(RedisCommand("ECHO", .string("\(caller):\(round)")))
                            XCTAssertEqual(echoed.string, "\(caller):\(round)")
                        }
                    }
                }
            }
            _ = try await client.send(.del((0..<64).map { prefix + "c\($0)" }))
        }
    }

    func testPipelinesAndTheEventLoopAPI() async throws {
        let prefix = uniquePrefix()
        try await withRunningClient(try self.configuration()) { client in
            let results = try await client.pipeline([
                .incrby(prefix + "p", 1), .pexpire(prefix + "p", milliseconds: 60_000), .get(prefix + "p"), RedisCommand("NOSUCHCOMMAND"),
            ])
            XCTAssertEqual(try results[0].get(), .integer(1))
            XCTAssertEqual(try results[1].get(), .integer(1))
            XCTAssertEqual(try results[2].get().string, "1")
            XCTAssertThrowsError(try results[3].get()) { XCTAssertEqual(($0 as? RedisClientError)?.code, .server) }
            let empty = try await client.pipeline([])
            XCTAssertTrue(empty.isEmpty)

            // The event-loop API, called from an event loop as a channel handler would: chained, no task.
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            let chained = try await loop.flatSubmit { () -> EventLoopFuture<RESPValue> in
                let first: EventLoopFuture<RESPValue> = client.send(.incrby(prefix + "p", 10))
                return first.flatMap { _ in client.send(.get(prefix + "p")) }
            }.get()
            XCTAssertEqual(chained.string, "11")
            let futurePipeline: EventLoopFuture<[RESPValue]> = client.pipeline([.del([prefix + "p"]), .get(prefix + "p")])
            let pipelined = try await futurePipeline.get()
            XCTAssertEqual(pipelined, [.integer(1), .bulkString(nil)])
        }
    }

    func testScriptsLoadLazilyAndRunWithEvalsha() async throws {
        let prefix = uniquePrefix()
        let script = RedisScript(name: "test.incr-\(UUID().uuidString)", source: "return redis.call('INCRBY', KEYS[1], ARGV[1])")
        try await withRunningClient(try self.configuration()) { client in
            let first = try await client.evalScript(script, keys: [prefix + "s"], arguments: [3])
            XCTAssertEqual(first, .integer(3))
            let second = try await client.evalScript(script, keys: [prefix + "s"], arguments: [4])
            XCTAssertEqual(second, .integer(7))
            let failing = RedisScript(name: "test.fail-\(UUID().uuidString)", source: "return redis.error_reply('TPFAIL nope')")
            do throws(RedisClientError) {
                _ = try await client.evalScript(failing, keys: [])
                XCTFail("expected the script's error")
            } catch {
                XCTAssertEqual(error.serverErrorPrefix, "TPFAIL")
            }
            _ = try await client.send(.del([prefix + "s"]))
        }
    }

    func testFailsFastWhenNothingListens() async throws {
        var configuration = RedisConfiguration(address: .hostname("127.0.0.1", port: try RedisServerProcess.freePort()))
        configuration.commandTimeout = .seconds(5)
        try await withRunningClient(configuration, waitForConnections: false) { client in
            let clock = ContinuousClock()
            let start = clock.now
            do throws(RedisClientError) {
                _ = try await client.send(.ping)
                XCTFail("expected unavailable")
            } catch {
                XCTAssertEqual(error.code, .unavailable)
            }
            XCTAssertLessThan(clock.now - start, .seconds(1), "fail-fast, not a timeout")
        }
    }
}
