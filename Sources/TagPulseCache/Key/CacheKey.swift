import Crypto
import Foundation
import TagPulseWire

/// The identity of an analysis response in the cache: SHA-256 of a canonical, versioned serialisation of what the
/// request means (DESIGN §6).
///
/// Two requests that mean the same get the same key, whatever their JSON field order, the letter case of the target,
/// a leading `#`/`@`, defaults sent explicitly or left out, or the GET-query versus POST-body form. The serialisation
/// holds, in this order:
///
/// 1. the format version (``formatVersion``; bump it to orphan every existing entry),
/// 2. the endpoint kind (`hashtag`, `account`, `search`),
/// 3. the target normalised by `TargetNormalizer` (hashtag: NFC, lower-cased, `#` stripped; account: `@`
///    stripped, lower-cased; search: whitespace collapsed, trimmed, lower-cased),
/// 4. `max_posts`, `max_comments_per_post`, `max_quote_length`, as the parser defaulted them,
/// 5. the prompt, exactly as sent (or defaulted), in NFC,
/// 6. the model, with nil or empty replaced by the configured default model's name,
/// 7. the analyzer identity (`local-2`, `openai:gpt-4.1-2025-04-14`): a new analyzer or version is a new key.
///
/// Each field is written as `name=<UTF-8 byte count>:<value>\n`, so no value (a prompt may hold anything) can be
/// mistaken for a field boundary.
///
/// ```swift
/// let key = CacheKey(kind: .hashtag, params: params, analyzer: "local-2", defaultModel: "gpt-4.1-2025-04-14")
/// key.redisKey()  // "tp:c:{9f86d081…}"
/// key.tags        // ["hashtag:skincare"]
/// ```
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The serialisation's version; part of every key.
    public static let formatVersion = 1
    /// The Redis key prefix used when none is configured.
    public static let defaultPrefix = "tp:"

    /// The endpoint kind the key was made for.
    public let kind: AnalysisKind
    /// The normalised target (`skincare`, `chefmarco`, `r12gs bmw`).
    public let target: String
    /// SHA-256 of ``canonicalForm``, 64 lower-case hex digits.
    public let hex: String
    /// The exact text that was hashed; for logs and tests, never sent anywhere.
    public let canonicalForm: String

    /// The key for an analysis request.
    /// - Parameters:
    ///   - kind: the endpoint kind.
    ///   - params: the parsed request (`target` raw or already normalised: it is normalised again, which is idempotent).
    ///   - analyzer: the analyzer's identity and version, e.g. `local-2` or `openai:<model>`.
    ///   - defaultModel: the model the engine uses when the request names none; a request naming it explicitly
    ///     gets the same key as one that leaves it out.
    public init(kind: AnalysisKind, params: AnalysisParams, analyzer: String, defaultModel: String) {
        // A target TargetNormalizer refuses (params that skipped validation, or the rare normalised target whose
        // lower-casing grew it past the length limit) goes in raw, under another field name: never a collision.
        let normalised = try? TargetNormalizer.normalize(params.target, kind: kind)
        let model = params.model.flatMap { $0.isEmpty ? nil : $0 } ?? defaultModel

        var canonical = "tagpulse-cache-key/\(Self.formatVersion)\n"
        Self.append("kind", kind.rawValue, to: &canonical)
        if let normalised {
            Self.append("target", normalised, to: &canonical)
        } else {
            Self.append("target-raw", params.target.precomposedStringWithCanonicalMapping, to: &canonical)
        }
        Self.append("max_posts", String(params.maxPosts), to: &canonical)
        Self.append("max_comments_per_post", String(params.maxCommentsPerPost), to: &canonical)
        Self.append("max_quote_length", String(params.maxQuoteLength), to: &canonical)
        Self.append("prompt", params.prompt.precomposedStringWithCanonicalMapping, to: &canonical)
        Self.append("model", model, to: &canonical)
        Self.append("analyzer", analyzer, to: &canonical)

        self.kind = kind
        self.target = normalised ?? params.target
        self.canonicalForm = canonical
        self.hex = Self.hexString(SHA256.hash(data: Array(canonical.utf8)))
    }

    /// The Redis key of the entry: `<prefix>c:{<hex>}`. The braces are a Redis Cluster hash tag, so the entry and
    /// keys derived from it (lease, notice) land on one slot.
    public func redisKey(prefix: String = CacheKey.defaultPrefix) -> String {
        Self.redisKey(hex: self.hex, prefix: prefix)
    }

    /// The Redis key for a hex key given from outside (purge by key), or nil when `hex` is not 64 hex digits.
    public static func redisKey(forHex hex: String, prefix: String = CacheKey.defaultPrefix) -> String? {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 64, lowered.utf8.allSatisfy(Self.isHexDigit) else { return nil }
        return Self.redisKey(hex: lowered, prefix: prefix)
    }

    /// The tags the entry is filed under, for purge by tag: `hashtag:<target>`, `account:<target>` or `query:<target>`.
    public var tags: [String] { [Self.tag(kind: self.kind, target: self.target)] }

    /// The tag for a normalised target of `kind`.
    public static func tag(kind: AnalysisKind, target: String) -> String {
        switch kind {
        case .hashtag: "hashtag:" + target
        case .account: "account:" + target
        case .search: "query:" + target
        }
    }

    public var description: String { self.hex }

    public static func == (lhs: CacheKey, rhs: CacheKey) -> Bool { lhs.hex == rhs.hex }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.hex) }

    static func redisKey(hex: String, prefix: String) -> String { CacheKeyspace(prefix: prefix).entry(hex: hex) }

    static func append(_ name: String, _ value: String, to canonical: inout String) {
        canonical += "\(name)=\(value.utf8.count):\(value)\n"
    }

    static func hexString(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
