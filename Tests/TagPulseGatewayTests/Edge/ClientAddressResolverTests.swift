import Foundation
import NIOCore
import Testing

@testable import TagPulseGateway

/// One row of `Fixtures/xff-vectors.tsv` (the file's header comment explains the notation).
struct XFFVector: CustomStringConvertible {
    var name: String
    var trusted: String
    var peer: SocketAddress?
    var forwardedFor: [String]
    var expected: String?

    var description: String { self.name }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/xff-vectors.tsv")

    static func load() throws -> [XFFVector] {
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        var vectors: [XFFVector] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") && !line.hasPrefix("name\t") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 5 else { throw FixtureError(line: String(line)) }
            let peer: SocketAddress? =
                switch columns[2] {
                case "-": nil
                case let unix where unix.hasPrefix("unix:"): try SocketAddress(unixDomainSocketPath: String(unix.dropFirst(5)))
                case let ip: try SocketAddress(ipAddress: ip, port: 4711)
                }
            let forwardedFor: [String] =
                columns[3] == "-"
                ? []
                : columns[3].split(separator: "|", omittingEmptySubsequences: false).map { value in
                    value == "(empty)" ? "" : value.replacingOccurrences(of: "\\t", with: "\t")
                }
            vectors.append(
                XFFVector(
                    name: columns[0],
                    trusted: columns[1] == "-" ? "" : columns[1],
                    peer: peer,
                    forwardedFor: forwardedFor,
                    expected: columns[4] == "-" ? nil : columns[4]
                )
            )
        }
        return vectors
    }

    struct FixtureError: Error {
        var line: String
    }
}

@Suite("Client address: trusted proxies and X-Forwarded-For")
struct ClientAddressResolverTests {
    @Test("every row of Fixtures/xff-vectors.tsv")
    func fixtureVectors() throws {
        let vectors = try XFFVector.load()
        #expect(vectors.count >= 25)
        #expect(Set(vectors.map(\.name)).count == vectors.count, "row names are unique")
        for vector in vectors {
            let resolver = ClientAddressResolver(trustedProxies: try TrustedProxies(parsing: vector.trusted))
            let resolved = resolver.resolve(peer: vector.peer, forwardedFor: vector.forwardedFor)
            #expect(resolved == vector.expected, "\(vector.name)")
        }
    }

    @Test(
        "bad trusted-proxy entries throw with the entry",
        arguments: [
            ("10.0.0.0/8, 10.0.0.0/33", "10.0.0.0/33"),
            ("2001:db8::/129", "2001:db8::/129"),
            ("10.0.0.0/", "10.0.0.0/"),
            ("10.0.0.0/-1", "10.0.0.0/-1"),
            ("10.0.0.0/8/8", "10.0.0.0/8/8"),
            ("localhost", "localhost"),
            ("10.0.0", "10.0.0"),
            (" 192.168.1.1 ,  [::1] ", "[::1]"),
            ("::ffff:10.0.0.0/8", "::ffff:10.0.0.0/8"),
            ("10.0.0.1:8080", "10.0.0.1:8080"),
        ]
    )
    func invalidEntries(list: String, entry: String) {
        let error = #expect(throws: TrustedProxies.InvalidEntry.self, "\(list)") {
            try TrustedProxies(parsing: list)
        }
        #expect(error?.entry == entry)
    }

    @Test("lists: spaces and empty entries are ignored, bare addresses are hosts, host bits are masked")
    func parsing() throws {
        #expect(try TrustedProxies(parsing: "").isEmpty)
        #expect(try TrustedProxies(parsing: " , ").isEmpty)
        let proxies = try TrustedProxies(parsing: " 10.1.2.3/8 ,192.168.1.7,2001:DB8::/32, ::1,")
        #expect(proxies.networks.map(\.description) == ["10.0.0.0/8", "192.168.1.7/32", "2001:db8::/32", "::1/128"])
        #expect(proxies.contains(IPAddress("10.255.255.255")!))
        #expect(!proxies.contains(IPAddress("11.0.0.0")!))
        #expect(proxies.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!proxies.contains(IPAddress("2001:db9::1")!))
        #expect(try TrustedProxies(parsing: "0.0.0.0/0").contains(IPAddress("203.0.113.1")!))
        #expect(try TrustedProxies(parsing: "::/0").contains(IPAddress("2001:db8::1")!))
    }

    @Test(
        "canonical text",
        arguments: [
            ("192.0.2.1", "192.0.2.1"),
            ("2001:DB8::1", "2001:db8::1"),
            ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
            ("::FFFF:192.0.2.1", "192.0.2.1"),
            ("::1", "::1"),
            ("fe80::", "fe80::"),
        ]
    )
    func canonicalText(input: String, canonical: String) {
        #expect(IPAddress(input)?.description == canonical)
    }

    @Test("NIO socket addresses: IPv4, IPv6, IPv4-mapped and Unix sockets")
    func socketAddresses() throws {
        #expect(IPAddress(try SocketAddress(ipAddress: "192.0.2.1", port: 1))?.description == "192.0.2.1")
        #expect(IPAddress(try SocketAddress(ipAddress: "2001:db8::1", port: 1))?.description == "2001:db8::1")
        #expect(IPAddress(try SocketAddress(ipAddress: "::ffff:192.0.2.1", port: 1))?.description == "192.0.2.1")
        #expect(IPAddress(try SocketAddress(unixDomainSocketPath: "/tmp/x.sock")) == nil)
    }
}
