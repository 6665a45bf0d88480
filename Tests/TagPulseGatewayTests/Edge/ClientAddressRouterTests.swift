import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import TagPulseGateway

/// The client address as routes see it, through `GatewayApplication.makeRouter`'s middleware chain. The router test
/// framework has no TCP peer, so X-Forwarded-For from a trusted proxy is checked over a live socket (peer: loopback).
@Suite("Client address through the router")
struct ClientAddressRouterTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func makeApp(trusted: String) throws -> some ApplicationProtocol {
        var configuration = GatewayConfiguration(bootstrapKey: nil)
        configuration.trustedProxies = try TrustedProxies(parsing: trusted)
        let router = GatewayApplication.makeRouter(configuration: configuration, engine: InMemoryEngine(), nowMilliseconds: { 0 })
        router.get("/test/client-address") { _, context in context.clientAddress ?? "none" }
        return Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    @Test("a trusted loopback proxy's X-Forwarded-For names the client; an untrusted peer's is ignored")
    func liveForwardedFor() async throws {
        try await self.makeApp(trusted: "127.0.0.1, ::1, 10.0.0.0/8").test(.live) { client in
            try await client.execute(uri: "/test/client-address", method: .get, headers: [Self.forwardedFor: "203.0.113.9, 127.0.0.1"]) {
                #expect(String(buffer: $0.body) == "203.0.113.9")
            }
            var twoHeaders = HTTPFields()
            twoHeaders.append(HTTPField(name: Self.forwardedFor, value: "2001:DB8::7"))
            twoHeaders.append(HTTPField(name: Self.forwardedFor, value: "10.0.0.1"))
            try await client.execute(uri: "/test/client-address", method: .get, headers: twoHeaders) {
                #expect(String(buffer: $0.body) == "2001:db8::7")
            }
            try await client.execute(uri: "/test/client-address", method: .get) {
                #expect(["127.0.0.1", "::1"].contains(String(buffer: $0.body)))
            }
        }
        try await self.makeApp(trusted: "10.0.0.0/8").test(.live) { client in
            try await client.execute(uri: "/test/client-address", method: .get, headers: [Self.forwardedFor: "203.0.113.9"]) {
                #expect(["127.0.0.1", "::1"].contains(String(buffer: $0.body)))
            }
        }
    }

    @Test("no TCP peer (router tests, Unix sockets): no client address, X-Forwarded-For ignored")
    func noPeer() async throws {
        try await self.makeApp(trusted: "0.0.0.0/0").test(.router) { client in
            try await client.execute(uri: "/test/client-address", method: .get, headers: [Self.forwardedFor: "203.0.113.9"]) {
                #expect(String(buffer: $0.body) == "none")
            }
        }
    }
}
