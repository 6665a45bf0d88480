/// An IP network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a single host (`/32`, `/128`).
///
/// Host bits below the prefix are ignored (`10.1.2.3/8` is `10.0.0.0/8`), as most proxies' configurations do. An
/// IPv4-mapped IPv6 network (`::ffff:10.0.0.0/104`) is the IPv4 network it maps (`10.0.0.0/8`), matching
/// ``IPAddress``, which treats mapped addresses as IPv4.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let address: IPAddress
    public let prefixLength: Int

    /// Why an entry is not a network; the text goes into configuration errors.
    public enum ParseFailure: Error, Sendable, Equatable {
        case notAnAddress
        case badPrefix(range: ClosedRange<Int>)
    }

    public init(_ address: IPAddress, prefixLength: Int) {
        self.prefixLength = prefixLength
        switch address.value {
        case .v4(let bits):
            self.address = IPAddress(value: .v4(bits & Self.mask32(prefixLength)))
        case .v6(let high, let low):
            let (highMask, lowMask) = Self.mask128(prefixLength)
            self.address = IPAddress(value: .v6(high: high & highMask, low: low & lowMask))
        }
    }

    /// Parses `address` or `address/prefix` (no spaces; callers trim).
    public init(parsing text: some StringProtocol) throws(ParseFailure) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { throw .notAnAddress }
        let writtenAsIPv6 = parts[0].contains(":")
        let maximum = writtenAsIPv6 ? 128 : 32
        guard parts.count == 2 else {
            self.init(address, prefixLength: address.isIPv4 ? 32 : 128)
            return
        }
        let digits = parts[1]
        guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigitCharacter), let prefix = Int(digits), prefix <= maximum else {
            throw .badPrefix(range: 0...maximum)
        }
        if writtenAsIPv6, address.isIPv4 {
            // `::ffff:a.b.c.d/n`: only the part inside the mapped range is meaningful.
            guard prefix >= 96 else { throw .badPrefix(range: 96...128) }
            self.init(address, prefixLength: prefix - 96)
        } else {
            self.init(address, prefixLength: prefix)
        }
    }

    public func contains(_ candidate: IPAddress) -> Bool {
        switch (self.address.value, candidate.value) {
        case (.v4(let network), .v4(let bits)):
            return bits & Self.mask32(self.prefixLength) == network
        case (.v6(let networkHigh, let networkLow), .v6(let high, let low)):
            let (highMask, lowMask) = Self.mask128(self.prefixLength)
            return high & highMask == networkHigh && low & lowMask == networkLow
        default:
            return false
        }
    }

    public var description: String { "\(self.address)/\(self.prefixLength)" }

    static func mask32(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << (32 - prefix)
    }

    static func mask128(_ prefix: Int) -> (UInt64, UInt64) {
        switch prefix {
        case 0: (0, 0)
        case 1..<64: (UInt64.max << (64 - prefix), 0)
        case 64: (UInt64.max, 0)
        default: (UInt64.max, UInt64.max << (128 - prefix))
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
