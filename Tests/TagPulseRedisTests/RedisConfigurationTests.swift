import TagPulseResilience
import XCTest

@testable import TagPulseRedis

/// URL parsing, validation, and the backoff schedule.
final class RedisConfigurationTests: XCTestCase {
    func testPlainURL() throws {
        let configuration = try RedisConfiguration(url: "redis://127.0.0.1:6390/3")
        XCTAssertEqual(configuration.address, .hostname("127.0.0.1", port: 6390))
        XCTAssertEqual(configuration.database, 3)
        XCTAssertNil(configuration.password)
        XCTAssertEqual(try RedisConfiguration(url: "redis://localhost").address, .hostname("localhost", port: 6379))
        XCTAssertEqual(try RedisConfiguration(url: "redis://[::1]:7000").address, .hostname("::1", port: 7000))
    }

    func testCredentials() throws {
        let withUser = try RedisConfiguration(url: "redis://gateway:s%40cret@127.0.0.1:6379/0")
        XCTAssertEqual(withUser.username, "gateway")
        XCTAssertEqual(withUser.password, "s@cret")
        let passwordOnly = try RedisConfiguration(url: "redis://:pw@127.0.0.1")
        XCTAssertNil(passwordOnly.username)
        XCTAssertEqual(passwordOnly.password, "pw")
    }

    func testUnixSocketURL() throws {
        let configuration = try RedisConfiguration(url: "unix:///run/redis/redis.sock?db=2")
        XCTAssertEqual(configuration.address, .unixDomainSocket(path: "/run/redis/redis.sock"))
        XCTAssertEqual(configuration.database, 2)
    }

    func testTLSIsRefusedClearly() {
        XCTAssertThrowsError(try RedisConfiguration(url: "rediss://user:topsecret@127.0.0.1:6380")) { error in
            let error = error as? RedisClientError
            XCTAssertEqual(error?.code, .configuration)
            XCTAssertTrue(error?.message.contains("TLS") == true)
            XCTAssertFalse("\(String(describing: error))".contains("topsecret"))
        }
    }

    func testInvalidURLsNameTheProblemWithoutThePassword() {
        for url in ["http://x", "redis://:topsecret@h:99999", "redis://:topsecret@h:1/x", "redis://:top%zzsecret@h", "unix://relative?db=1"] {
            XCTAssertThrowsError(try RedisConfiguration(url: url), url) { error in
                XCTAssertEqual((error as? RedisClientError)?.code, .configuration)
                XCTAssertFalse("\(error)".contains("secret"), "\(error)")
            }
        }
    }

    func testValidation() {
        XCTAssertThrowsError(try RedisConfiguration(poolSize: 0).validate())
        XCTAssertThrowsError(try RedisConfiguration(commandTimeout: .zero).validate())
        XCTAssertThrowsError(try RedisConfiguration(sentinel: .init(addresses: [], masterName: "m")).validate())
        XCTAssertNoThrow(try RedisConfiguration().validate())
    }

    func testBackoffGrowsWithFullJitterAndResets() {
        var backoff = Backoff(minimum: .milliseconds(10), maximum: .milliseconds(80))
        let ceilings = (0..<6).map { _ in backoff.next(random: { 0.999_999 }) }
        XCTAssertEqual(ceilings.map { Int($0.components.attoseconds / 1_000_000_000_000_000) }, [9, 19, 39, 79, 79, 79])
        XCTAssertEqual(backoff.next(random: { 0 }), .milliseconds(5), "never below half the minimum")
        backoff.reset()
        XCTAssertEqual(backoff.next(random: { 0.5 }), .milliseconds(5))
        XCTAssertEqual(backoff.attempt, 1)
    }

    func testErrorsCompareByCode() {
        XCTAssertEqual(RedisClientError(.server, "NOSCRIPT a"), RedisClientError(.server, "WRONGTYPE b"))
        XCTAssertEqual(RedisClientError(.server, "NOSCRIPT No matching script").serverErrorPrefix, "NOSCRIPT")
        XCTAssertNil(RedisClientError(.timeout, "x").serverErrorPrefix)
    }
}
