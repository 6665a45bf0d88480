import Foundation
import TagPulseTestSupport
import XCTest

/// `tagpulse keys` in a Sentinel deployment: with the gateway's `TAGPULSE_REDIS_SENTINELS`, the command finds the
/// master through a real sentinel (`redis-server --sentinel`), as the gateway does.
final class KeysCommandSentinelTests: XCTestCase {
    func testKeysFindTheMasterThroughSentinel() async throws {
        try XCTSkipUnless(
            ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] != nil && RedisServerProcess.isInstalled,
            "needs redis-server (scripts/test)"
        )
        let master = try RedisServerProcess()
        let sentinelPort = try RedisServerProcess.freePort()
        let sentinel = try RedisServerProcess(
            configuration: "sentinel monitor tpcli 127.0.0.1 \(master.port) 1\nsentinel down-after-milliseconds tpcli 1000\n",
            sentinel: true,
            port: sentinelPort
        )
        try master.start()
        try sentinel.start()
        defer {
            sentinel.stop()
            master.stop()
        }
        let prefix = uniquePrefix()
        let environment = [
            // A URL nothing listens on: only the sentinel can lead the command to the master.
            "TAGPULSE_REDIS_URL": "redis://127.0.0.1:1/0",
            "TAGPULSE_REDIS_SENTINELS": "127.0.0.1:\(sentinelPort)",
            "TAGPULSE_REDIS_SENTINEL_MASTER": "tpcli",
            "TAGPULSE_REDIS_KEY_PREFIX": prefix,
        ]
        let created = try await Tagpulse.run(["keys", "create", "--name", "via-sentinel", "--json"], environment: environment)
        XCTAssertEqual(created.status, 0, created.allOutput)
        XCTAssertFalse(try master.cli(["KEYS", prefix + "*"]).isEmpty, "the key lives on the master the sentinel named")

        let listed = try await Tagpulse.run(["keys", "list"], environment: environment)
        XCTAssertEqual(listed.status, 0, listed.allOutput)
        XCTAssertTrue(listed.standardOutput.contains("via-sentinel"), listed.standardOutput)

        // A master name the sentinel does not monitor: unavailable (3), saying where it looked.
        var unknown = environment
        unknown["TAGPULSE_REDIS_SENTINEL_MASTER"] = "nosuchmaster"
        let failed = try await Tagpulse.run(["keys", "list"], environment: unknown)
        XCTAssertEqual(failed.status, 3, failed.allOutput)
        XCTAssertTrue(failed.standardError.contains("master nosuchmaster via sentinels 127.0.0.1:\(sentinelPort)"), failed.standardError)
    }
}
