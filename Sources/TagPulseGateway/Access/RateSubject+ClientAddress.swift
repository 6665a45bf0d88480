import TagPulseAccess

extension RateSubject {
    /// The `ip` policy's subject for a client address: an IPv4 address counts alone, an IPv6 address as its
    /// network of `ipv6Prefix` bits (`ratelimit.ip_ipv6_prefix`, /64 by default: one customer's subnet, which a
    /// client can otherwise walk through for fresh buckets). Text that is not an address is used as it is.
    static func clientAddress(_ address: String, ipv6Prefix: Int) -> RateSubject {
        guard let parsed = IPAddress(address) else { return .ip(address) }
        guard !parsed.isIPv4, ipv6Prefix < 128 else { return .ip(parsed.description) }
        return .ip(IPNetwork(parsed, prefixLength: ipv6Prefix).description)
    }
}
