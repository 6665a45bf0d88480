import NIOCore

/// Finds the client's IP for per-IP limits and logs (DESIGN §5): `X-Forwarded-For` counts only when the TCP peer is
/// a trusted proxy, and is then walked right to left.
///
/// The rules, in order:
/// 1. No IP peer (nil, or a Unix domain socket): no client address (nil); `X-Forwarded-For` is ignored.
/// 2. The peer is not a trusted proxy: the peer. Whatever it sent in `X-Forwarded-For` is its own claim (spoofing).
/// 3. Otherwise the `X-Forwarded-For` entries of all such headers, concatenated in order, are walked from the right:
///    trusted hops are skipped, and the first untrusted address is the client.
/// 4. An entry that is not a bare IP address (a port, `[::1]:80`, `unknown`, an empty entry, an obfuscated
///    identifier) ends the walk at the **nearest trusted hop**: the last address the gateway could verify. The
///    alternative, skipping garbage, would let a client behind a trusted proxy pick its own address by appending a
///    bad entry and a forged one; returning nothing would put every such request in one anonymous bucket.
/// 5. Every hop trusted: the leftmost. The walk stops after ``maximumHops`` entries (then: the last one examined),
///    so a long header costs bounded work and cannot push the answer past any chain of real proxies.
///
/// Addresses come back in canonical text (``IPAddress``): IPv6 compressed lower case, IPv4-mapped as IPv4.
public struct ClientAddressResolver: Sendable {
    public static let maximumHops = 32

    public let trustedProxies: TrustedProxies

    public init(trustedProxies: TrustedProxies) {
        self.trustedProxies = trustedProxies
    }

    /// - Parameters:
    ///   - peer: the TCP peer of the connection.
    ///   - forwardedFor: every `X-Forwarded-For` header value, in the order received.
    public func resolve(peer: SocketAddress?, forwardedFor: [String]) -> String? {
        guard let peer, let address = IPAddress(peer) else { return nil }
        return self.resolve(peer: address, forwardedFor: forwardedFor).description
    }

    public func resolve(peer: IPAddress, forwardedFor: [String]) -> IPAddress {
        guard self.trustedProxies.contains(peer) else { return peer }
        var nearestTrusted = peer
        var examined = 0
        for header in forwardedFor.reversed() {
            for entry in header.split(separator: ",", omittingEmptySubsequences: false).reversed() {
                guard examined < Self.maximumHops else { return nearestTrusted }
                examined += 1
                guard let hop = IPAddress(Self.trimmed(entry)) else { return nearestTrusted }
                guard self.trustedProxies.contains(hop) else { return hop }
                nearestTrusted = hop
            }
        }
        return nearestTrusted
    }

    /// Without optional whitespace (spaces, tabs) around a list element (RFC 9110 §5.6.1).
    static func trimmed(_ entry: Substring) -> Substring {
        var entry = entry
        while let first = entry.first, first == " " || first == "\t" { entry.removeFirst() }
        while let last = entry.last, last == " " || last == "\t" { entry.removeLast() }
        return entry
    }
}
