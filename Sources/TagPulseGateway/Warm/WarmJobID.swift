/// A warm-up job's id: `wj_` and 22 base62 characters (≈ 131 random bits), so ids cannot be guessed or collide.
public struct WarmJobID: Sendable, Hashable, CustomStringConvertible {
    static let prefix = "wj_"
    static let randomLength = 22
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    public let rawValue: String

    /// Accepts only the exact form, so a path parameter never reaches Redis unless it could be an id.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == Self.prefix.utf8.count + Self.randomLength, text.hasPrefix(Self.prefix),
            bytes.dropFirst(Self.prefix.utf8.count).allSatisfy(Self.alphabet.contains)
        else { return nil }
        self.rawValue = text
    }

    /// A new id from `random` (uniform 64-bit values; injected so tests are deterministic).
    public static func generate(_ random: () -> UInt64) -> WarmJobID {
        // Rejection sampling: values at or above the largest multiple of 62 would favour the first characters.
        let limit = UInt64.max - UInt64.max % 62
        var text = Self.prefix
        while text.utf8.count < Self.prefix.utf8.count + Self.randomLength {
            let value = random()
            guard value < limit else { continue }
            text.unicodeScalars.append(Unicode.Scalar(Self.alphabet[Int(value % 62)]))
        }
        return WarmJobID(text)!
    }

    public var description: String { self.rawValue }
}
