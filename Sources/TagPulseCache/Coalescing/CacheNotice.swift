/// A notice on the cache's channel (`tp:events:cache`), as every instance receives it.
public enum CacheNotice: Sendable, Hashable {
    /// `filled <hash>`: a new entry was stored for the key.
    case filled(hex: String)
    /// `purged k <hash>`: the key's entry was purged (hard or soft).
    case purgedKey(hex: String)
    /// `purged t <tag>`: every entry carrying the tag was purged.
    case purgedTag(String)
    /// The channel was (re)subscribed: notices sent while it was down are lost.
    case subscribed

    /// Reads a published payload; nil for anything unknown.
    public init?(payload text: String) {
        if text.hasPrefix("filled ") {
            self = .filled(hex: String(text.dropFirst("filled ".count)))
        } else if text.hasPrefix("purged k ") {
            self = .purgedKey(hex: String(text.dropFirst("purged k ".count)))
        } else if text.hasPrefix("purged t ") {
            self = .purgedTag(String(text.dropFirst("purged t ".count)))
        } else {
            return nil
        }
    }

    /// What is published for it (nil for ``subscribed``, which is never published).
    public var payload: String? {
        switch self {
        case .filled(let hex): "filled " + hex
        case .purgedKey(let hex): "purged k " + hex
        case .purgedTag(let tag): "purged t " + tag
        case .subscribed: nil
        }
    }
}
