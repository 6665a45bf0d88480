import Foundation
import NIOCore
import NIOPosix
import TagPulseTestSupport
import XCTest

@testable import TagPulseRedis

/// Connection set-up (Unix socket, ACL user, SELECT, CLIENT SETNAME) and NOSCRIPT recovery, on a private server.
final class RedisOwnServerTests: XCTestCase {
    private func startServer() throws -> (RedisServerProcess, String) {
        try requireRedisServerBinary()
        let server = try RedisServerProcess(extraArguments: ["--requirepass", "adminpass", "--user", "gw", "on", ">gwpass", "~*", "&*", "+@all"])
        try server.start()
        return (server, server.socketPath)
    }

    func testUnixSocketAuthWithAnACLUserSelectAndClientName() async throws {
        let (server, socket) = try self.startServer()
        defer { server.stop() }
        var configuration = try RedisConfiguration(url: "unix://\(socket)?db=2")
        configuration.username = "gw"
        configuration.password = "gwpass"
        configuration.clientName = "tagpulse-test"
        try await withRunningClient(configuration) { client in
            let info = try await client.send(RedisCommand("CLIENT", "INFO"))
            let text = info.string ?? ""
            XCTAssertTrue(text.contains(" db=2 "), text)
            XCTAssertTrue(text.contains(" name=tagpulse-test "), text)
            XCTAssertTrue(text.contains(" user=gw "), text)
        }
        var passwordOnly = try RedisConfiguration(url: "redis://:adminpass@127.0.0.1:\(server.port)/1")
        passwordOnly.poolSize = 1
        try await withRunningClient(passwordOnly) { client in
            let info = try await client.send(RedisCommand("CLIENT", "INFO"))
            XCTAssertTrue(info.string?.contains(" db=1 ") == true)
        }
    }

    func testAWrongPasswordIsAConfigurationErrorThatDoesNotEchoIt() async throws {
        let (server, _) = try self.startServer()
        defer { server.stop() }
        var configuration = try RedisConfiguration(url: "redis://gw:not-the-password@127.0.0.1:\(server.port)")
        configuration.poolSize = 1
        try await withRunningClient(configuration, waitForConnections: false) { client in
            try await Task.sleep(for: .milliseconds(200))
            XCTAssertEqual(client.connectedCount, 0)
            do throws(RedisClientError) {
                _ = try await client.send(.ping)
                XCTFail("expected unavailable")
            } catch {
                XCTAssertEqual(error.code, .unavailable)
            }
        }
        do {
            _ = try await RedisConnection.connect(
                to: .hostname("127.0.0.1", port: server.port),
                setup: .init(username: "gw", password: "not-the-password"),
                timeout: .seconds(2),
                maximumReplyBytes: 1 << 20,
                eventLoop: MultiThreadedEventLoopGroup.singleton.next()
            )
            XCTFail("expected the set-up to fail")
        } catch {
            XCTAssertEqual(error.code, .configuration)
            XCTAssertTrue(error.message.contains("WRONGPASS"), error.message)
            XCTAssertFalse("\(error)".contains("not-the-password"))
        }
        let noPassword = RedisConfiguration(address: .hostname("127.0.0.1", port: server.port))
        try await withRunningClient(noPassword, waitForConnections: false) { client in
            try await Task.sleep(for: .milliseconds(200))
            XCTAssertEqual(client.connectedCount, 0, "NOAUTH: the set-up must not hand out an unauthenticated connection")
        }
    }

    func testNoscriptAfterScriptFlushAndAfterARestartReloadsAndRetriesOnce() async throws {
        let (server, configuration) = try startOwnServer(poolSize: 1, reconnect: 10...50)
        defer { server.stop() }
        let script = RedisScript(name: "test.add", source: "return redis.call('INCRBY', KEYS[1], ARGV[1])")
        try await withRunningClient(configuration) { client in
            let first = try await client.evalScript(script, keys: ["tp:test:s"], arguments: [1])
            XCTAssertEqual(first, .integer(1))
            XCTAssertEqual(try server.cli(["SCRIPT", "FLUSH"]), "OK")
            let afterFlush = try await client.evalScript(script, keys: ["tp:test:s"], arguments: [1])
            XCTAssertEqual(afterFlush, .integer(2))
            server.kill()
            try server.start()
            try await waitUntil("the pool reconnects") {
                let pong = try? await client.send(.ping)
                return pong != nil
            }
            let afterRestart = try await client.evalScript(script, keys: ["tp:test:s"], arguments: [5])
            XCTAssertEqual(afterRestart, .integer(5), "fresh server, script reloaded")
        }
    }
}
