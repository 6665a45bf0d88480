import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagPulseAccess
import TagPulseRedis
import XCTest

@testable import TagPulseGateway

/// The `ip` policy counts an IPv6 client by its /64 (`ratelimit.ip_ipv6_prefix`), so walking through one subnet's
/// addresses does not give fresh buckets (issue #15, item 13). Over a live socket from a trusted loopback proxy, with
/// the limiter's `local` mode (no Redis).
final class IPv6PrefixLimitTests: XCTestCase, @unchecked Sendable {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func makeApp(ipv6Prefix: Int) throws -> some ApplicationProtocol {
        let now: @Sendable () -> Int64 = { 1_764_000_000_000 }
        let down = try RedisClient(configuration: RedisConfiguration(address: .hostname("127.0.0.1", port: 1)), logger: Logger(label: "test"))
        var settings = RateLimitSettings(ip: [RatePolicy(group: "ip", limit: 2, periodMilliseconds: 60_000)])
        settings.ipv6Prefix = ipv6Prefix
        let limiter = RateLimiter(
            redis: down,
            keyspace: AccessKeyspace(prefix: "tp:test:ipv6:"),
            settings: settings,
            liveInstances: { 1 },
            localNowMicroseconds: { now() * 1000 },
            logger: Logger(label: "test")
        )
        let authenticator = KeyAuthenticator(store: nil, bootstrap: nil, bootstrapTier: "free", nowMilliseconds: now, logger: Logger(label: "test"))
        let access = GatewayAccess(authenticator: authenticator, limiter: limiter, store: nil, defaultTier: "free")
        var configuration = GatewayConfiguration(bootstrapKey: nil)
        configuration.trustedProxies = try TrustedProxies(parsing: "127.0.0.1, ::1")
        let router = GatewayApplication.makeRouter(configuration: configuration, engine: InMemoryEngine(), access: access, nowMilliseconds: now)
        return Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    func status(_ client: some TestClientProtocol, from address: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/v1/admin/keys", method: .get, headers: [Self.forwardedFor: address, .authorization: "Bearer wrong"]) {
            $0.status
        }
    }

    func testAddressesOfOneSlash64ShareTheirBucket() async throws {
        try await self.makeApp(ipv6Prefix: 64).test(.live) { client in
            let first = try await self.status(client, from: "2001:db8:1:2::1")
            XCTAssertEqual(first, .unauthorized)
            let second = try await self.status(client, from: "2001:db8:1:2::2")
            XCTAssertEqual(second, .unauthorized)
            let third = try await self.status(client, from: "2001:db8:1:2:ffff:ffff:ffff:3")
            XCTAssertEqual(third, .tooManyRequests, "a third address of the same /64 shares the bucket")
            let otherSubnet = try await self.status(client, from: "2001:db8:1:3::1")
            XCTAssertEqual(otherSubnet, .unauthorized, "another /64 has its own")
            let ipv4 = try await self.status(client, from: "203.0.113.7")
            XCTAssertEqual(ipv4, .unauthorized, "IPv4 addresses count alone")
        }
    }

    func testAPrefixOf128CountsEachAddress() async throws {
        try await self.makeApp(ipv6Prefix: 128).test(.live) { client in
            for host in 1...4 {
                let status = try await self.status(client, from: "2001:db8:1:2::\(host)")
                XCTAssertEqual(status, .unauthorized)
            }
        }
    }

    func testSubjects() {
        XCTAssertEqual(RateSubject.clientAddress("2001:db8:1:2:3:4:5:6", ipv6Prefix: 64).rawValue, "ip:2001:db8:1:2::/64")
        XCTAssertEqual(RateSubject.clientAddress("2001:db8:1:2:3:4:5:6", ipv6Prefix: 48).rawValue, "ip:2001:db8:1::/48")
        XCTAssertEqual(RateSubject.clientAddress("2001:db8::6", ipv6Prefix: 128).rawValue, "ip:2001:db8::6")
        XCTAssertEqual(RateSubject.clientAddress("192.0.2.1", ipv6Prefix: 64).rawValue, "ip:192.0.2.1")
        XCTAssertEqual(RateSubject.clientAddress("::ffff:192.0.2.1", ipv6Prefix: 64).rawValue, "ip:192.0.2.1")
    }
}
