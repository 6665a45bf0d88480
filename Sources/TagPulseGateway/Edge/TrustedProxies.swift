import Foundation

/// The proxies whose `X-Forwarded-For` the gateway believes (`TAGPULSE_TRUSTED_PROXIES`): a comma-separated list
/// of CIDRs, IPv4 and IPv6, where a bare address means that one host. Empty (the default) trusts no one, so the TCP
/// peer is always the client.
public struct TrustedProxies: Sendable, Equatable {
    public var networks: [IPNetwork]

    /// An entry that is not a network; `entry` is the offending text, for the configuration error.
    public struct InvalidEntry: Error, Sendable, Equatable, CustomStringConvertible {
        public var entry: String
        public var reason: String

        public var description: String { "\"\(self.entry)\": \(self.reason)" }
    }

    public static let none = TrustedProxies(networks: [])

    public init(networks: [IPNetwork]) {
        self.networks = networks
    }

    /// Parses `10.0.0.0/8, 192.168.1.7, 2001:db8::/32`. Spaces around entries and empty entries (a trailing comma)
    /// are ignored; anything else that is not an address or CIDR throws with that entry.
    public init(parsing list: String) throws(InvalidEntry) {
        var networks: [IPNetwork] = []
        for rawEntry in list.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = rawEntry.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            do throws(IPNetwork.ParseFailure) {
                networks.append(try IPNetwork(parsing: entry))
            } catch {
                switch error {
                case .notAnAddress:
                    throw InvalidEntry(entry: entry, reason: "not an IP address or CIDR (expected e.g. 10.0.0.0/8 or 2001:db8::/32)")
                case .badPrefix(let range):
                    throw InvalidEntry(entry: entry, reason: "the prefix length must be a number from \(range.lowerBound) to \(range.upperBound)")
                }
            }
        }
        self.networks = networks
    }

    public var isEmpty: Bool { self.networks.isEmpty }

    public func contains(_ address: IPAddress) -> Bool {
        self.networks.contains { $0.contains(address) }
    }
}
