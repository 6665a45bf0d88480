/// A Redis Cluster hash slot (0..<16384): CRC16 (XMODEM) of the key, or of its hash tag, the part between the first
/// `{` and the next `}` when that part is not empty. Keys that share a tag share a slot, so one script or
/// multi-key command may use them together.
public struct RedisClusterSlot: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Slots in a cluster.
    public static let count = 16384

    public let rawValue: UInt16

    public init?(rawValue: Int) {
        guard (0..<Self.count).contains(rawValue) else { return nil }
        self.rawValue = UInt16(rawValue)
    }

    /// The slot of a key given as text.
    public init(key: String) {
        var key = key
        self = key.withUTF8 { Self(keyBytes: $0) }
    }

    /// The slot of a key given as bytes.
    public init(keyBytes bytes: some Collection<UInt8>) {
        self.rawValue = Self.crc16(Self.hashTagged(bytes)) & UInt16(Self.count - 1)
    }

    /// The part of the key that is hashed: its hash tag when it has a non-empty one, else the whole key.
    static func hashTagged<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
        guard let open = bytes.firstIndex(of: UInt8(ascii: "{")) else { return bytes[...] }
        let afterOpen = bytes.index(after: open)
        guard let close = bytes[afterOpen...].firstIndex(of: UInt8(ascii: "}")), close != afterOpen else { return bytes[...] }
        return bytes[afterOpen..<close]
    }

    /// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as Redis Cluster defines it.
    static func crc16(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ Self.table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        return crc
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(self.rawValue) }
}
