/// The API key format: `tp_<id>_<secret>`. The id (12 characters of `a–z 0–9`) is public and names the key in
/// logs, lists and admin calls; the secret (43 characters of `A–Z a–z 0–9`, ≈ 256 bits) is shown once, at creation,
/// and only its SHA-256 digest is ever stored.
public struct APIKey: Sendable, Hashable {
    public let id: String
    public let secret: String

    public static let idLength = 12
    public static let secretLength = 43
    static let idAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// The whole key as the client sends it.
    public var text: String { "tp_" + self.id + "_" + self.secret }

    /// A new key from `random` (the system's secure generator in production).
    public static func generate<Random: RandomNumberGenerator>(using random: inout Random) -> APIKey {
        APIKey(
            id: Self.randomString(length: Self.idLength, alphabet: Self.idAlphabet, using: &random),
            secret: Self.randomString(length: Self.secretLength, alphabet: Self.secretAlphabet, using: &random)
        )
    }

    /// A new key from the system's secure random source.
    public static func generate() -> APIKey {
        var random = SystemRandomNumberGenerator()
        return Self.generate(using: &random)
    }

    /// Reads a presented key; nil unless it has exactly the format above (the bootstrap key may have any format and
    /// is checked separately).
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        let secretStart = 3 + Self.idLength + 1
        guard bytes.count >= secretStart + 32, bytes.count <= secretStart + 128, bytes[0] == UInt8(ascii: "t"), bytes[1] == UInt8(ascii: "p"),
            bytes[2] == UInt8(ascii: "_"), bytes[secretStart - 1] == UInt8(ascii: "_")
        else { return nil }
        let id = bytes[3..<(secretStart - 1)]
        let secret = bytes[secretStart...]
        guard id.allSatisfy(Self.isIDByte), secret.allSatisfy(Self.isSecretByte) else { return nil }
        self.id = String(decoding: id, as: UTF8.self)
        self.secret = String(decoding: secret, as: UTF8.self)
    }

    /// Whether `text` could be a key id (for admin paths).
    public static func isValidID(_ text: String) -> Bool {
        text.utf8.count == Self.idLength && text.utf8.allSatisfy(Self.isIDByte)
    }

    /// A byte of ``idAlphabet`` (ranges, not a search of the alphabet: every request's key is checked).
    static func isIDByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A byte of ``secretAlphabet``.
    static func isSecretByte(_ byte: UInt8) -> Bool {
        Self.isIDByte(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// Uniform over `alphabet` (rejection sampling, no modulo bias).
    static func randomString<Random: RandomNumberGenerator>(length: Int, alphabet: [UInt8], using random: inout Random) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        let limit = UInt8(256 - 256 % alphabet.count)
        while bytes.count < length {
            let byte = UInt8.random(in: 0...255, using: &random)
            if byte < limit { bytes.append(alphabet[Int(byte) % alphabet.count]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
