/// The rules a new key and a rotation must follow, applied alike by the admin API and `tagpulse keys`.
public enum KeyLimits {
    /// A key's name, in Unicode code points after trimming.
    public static let nameLength: ClosedRange<Int> = 1...100
    /// A fixed lifetime (`expires_in_s`, `--expires-in`): a minute to ten years.
    public static let expiresInSeconds: ClosedRange<Int> = 60...(10 * 365 * 86_400)
    /// How long the old key keeps working after a rotation: 0 (ends it at once) to 30 days.
    public static let overlapSeconds: ClosedRange<Int> = 0...(30 * 86_400)
    /// The overlap when none is given: one day.
    public static let defaultOverlapSeconds = 86_400
    /// Scopes of a key created without any.
    public static let defaultScopes: Set<KeyScope> = [.analyze]

    /// A client name: 1–64 characters of `a–z A–Z 0–9 . _ -`.
    /// A client name a new key may take: valid, and not reserved (names starting with `_` are the usage accounts of
    /// background work: `_refresh`, `_warm`).
    public static func isAssignableClient(_ text: String) -> Bool {
        Self.isValidClient(text) && !text.hasPrefix("_")
    }

    public static func isValidClient(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}
