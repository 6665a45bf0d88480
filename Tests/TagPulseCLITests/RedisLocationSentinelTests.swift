import Foundation
import TagPulseRedis
import TagPulseSettings
import XCTest

@testable import TagPulseCLI

/// The gateway's Sentinel keys reach every Redis command of the CLI; `--redis-url` names one server instead.
final class RedisLocationSentinelTests: XCTestCase {
    func location(_ environment: [String: String], redisURL: String? = nil) throws(CommandFailure) -> RedisLocation {
        try RedisLocation(source: ConfigSource(environment: environment), redisURL: redisURL, keyPrefix: nil)
    }

    func testSentinelsFromTheEnvironmentAsTheGatewayReadsThem() throws {
        let location = try location([
            "TAGPULSE_REDIS_URL": "redis://:masterpw@127.0.0.1:1/3",
            "TAGPULSE_REDIS_SENTINELS": " 10.0.0.1:26379, [::1]:26380 ,",
            "TAGPULSE_REDIS_SENTINEL_MASTER": "tpgw",
            "TAGPULSE_REDIS_SENTINEL_PASSWORD": "sentinelpw",
        ])
        let sentinel = try XCTUnwrap(location.redis.sentinel)
        XCTAssertEqual(sentinel.addresses, [.hostname("10.0.0.1", port: 26379), .hostname("::1", port: 26380)])
        XCTAssertEqual(sentinel.masterName, "tpgw")
        XCTAssertEqual(sentinel.password, "sentinelpw")
        XCTAssertEqual(location.redis.password, "masterpw", "redis.url still gives the master's password")
        XCTAssertEqual(location.redis.database, 3)
        XCTAssertEqual(location.address, "master tpgw via sentinels 10.0.0.1:26379,[::1]:26380")
        XCTAssertFalse(location.address.contains("pw"))
    }

    func testTheMasterNameDefaultsToMymasterAndRedisURLOnTheCommandLineSkipsTheSentinels() throws {
        let environment = ["TAGPULSE_REDIS_SENTINELS": "127.0.0.1:26379"]
        XCTAssertEqual(try location(environment).redis.sentinel?.masterName, "mymaster")
        let direct = try location(environment, redisURL: "redis://127.0.0.1:6400/0")
        XCTAssertNil(direct.redis.sentinel)
        XCTAssertEqual(direct.address, "127.0.0.1:6400")
        XCTAssertNil(try location([:]).redis.sentinel)
    }

    func testBadSentinelSettingsAreUsageErrorsNamingTheKey() {
        func message(_ environment: [String: String]) -> String? {
            do {
                _ = try location(environment)
                return nil
            } catch {
                XCTAssertEqual(error.status, .usage)
                return error.message
            }
        }
        XCTAssertEqual(message(["TAGPULSE_REDIS_SENTINELS": "host:notaport"]), "TAGPULSE_REDIS_SENTINELS: 'host:notaport' is not host:port")
        XCTAssertEqual(message(["TAGPULSE_REDIS_SENTINELS": " , "]), "TAGPULSE_REDIS_SENTINELS: must name at least one sentinel as host:port")
        XCTAssertEqual(
            message(["TAGPULSE_REDIS_SENTINELS": "a:1", "TAGPULSE_REDIS_SENTINEL_MASTER": "two words"]),
            "TAGPULSE_REDIS_SENTINEL_MASTER: must be the monitored master's name"
        )
        let withCredentials = message(["TAGPULSE_REDIS_SENTINELS": "user:secret@host:1"]) ?? ""
        XCTAssertTrue(withCredentials.hasPrefix("TAGPULSE_REDIS_SENTINELS: an entry is host:port, without credentials"), withCredentials)
        XCTAssertFalse(withCredentials.contains("secret"), "never quoted back")
    }
}
