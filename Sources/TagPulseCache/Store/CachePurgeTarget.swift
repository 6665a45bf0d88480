import TagPulseWire

/// What one purge selects: one entry by its cache key, or every entry filed under one tag. Built from exactly one
/// of the selectors the admin API (`POST /v1/admin/cache/purge`) and `tagpulse purge` take, with the same rules:
///
/// | selector | value | target |
/// |---|---|---|
/// | `key` | 64 hex digits (any case) | ``key(hex:)``, lower-cased |
/// | `hashtag` | `#SkinCare` | ``tag(name:)`` `hashtag:skincare` |
/// | `account` | `@ChefMarco` | ``tag(name:)`` `account:chefmarco` |
/// | `query` | `  Air   Fryer ` | ``tag(name:)`` `query:air fryer` |
/// | `tag` | `hashtag:SkinCare` | ``tag(name:)`` `hashtag:skincare` |
///
/// Targets are normalised by `TargetNormalizer`, as the cache keys on them (``CacheKey/tag(kind:target:)``).
public enum CachePurgeTarget: Sendable, Hashable, CustomStringConvertible {
    /// One entry: its ``CacheKey/hex``.
    case key(hex: String)
    /// Every entry carrying the tag (`hashtag:skincare`, `account:chefmarco`, `query:air fryer`).
    case tag(name: String)

    /// The selectors' names, in the order the admin API lists them.
    public static let selectorNames = ["key", "hashtag", "account", "query", "tag"]

    /// The target of exactly one non-nil selector.
    /// - Throws: ``CachePurgeTargetError/notExactlyOneSelector(given:)`` when none or several are given,
    ///   ``CachePurgeTargetError/invalidValue(field:message:reason:)`` naming the selector whose value is unusable.
    public init(
        key: String? = nil,
        hashtag: String? = nil,
        account: String? = nil,
        query: String? = nil,
        tag: String? = nil
    ) throws(CachePurgeTargetError) {
        let given = zip(Self.selectorNames, [key, hashtag, account, query, tag]).compactMap { name, value in value.map { _ in name } }
        guard given.count == 1 else { throw .notExactlyOneSelector(given: given) }
        if let key {
            guard CacheKey.redisKey(forHex: key) != nil else {
                throw .invalidValue(field: "key", message: "must be a cache key: 64 hexadecimal digits", reason: nil)
            }
            self = .key(hex: key.lowercased())
        } else if let tag {
            let parts = tag.split(separator: ":", maxSplits: 1).map(String.init)
            let message = "must be hashtag:<tag>, account:<username> or query:<text>"
            guard parts.count == 2, let kind = AnalysisKind(tagName: parts[0]) else {
                throw .invalidValue(field: "tag", message: message, reason: nil)
            }
            do throws(FieldViolation) {
                self = .tag(name: CacheKey.tag(kind: kind, target: try TargetNormalizer.normalize(parts[1], kind: kind)))
            } catch {
                throw .invalidValue(field: "tag", message: message, reason: error.message)
            }
        } else {
            let (kind, raw, field): (AnalysisKind, String, String) =
                if let hashtag { (.hashtag, hashtag, "hashtag") } else if let account { (.account, account, "account") } else {
                    (.search, query ?? "", "query")
                }
            do throws(FieldViolation) {
                self = .tag(name: CacheKey.tag(kind: kind, target: try TargetNormalizer.normalize(raw, kind: kind)))
            } catch {
                throw .invalidValue(field: field, message: "is not a valid \(field)", reason: error.message)
            }
        }
    }

    /// The key's hex digits, for ``key(hex:)``.
    public var keyHex: String? {
        if case .key(let hex) = self { return hex }
        return nil
    }

    /// The tag, for ``tag(name:)``.
    public var tagName: String? {
        if case .tag(let name) = self { return name }
        return nil
    }

    /// What was purged, as the admin API reports it: `key:<hex>` or the tag.
    public var description: String {
        switch self {
        case .key(let hex): "key:" + hex
        case .tag(let name): name
        }
    }
}

/// Why selectors do not make a ``CachePurgeTarget``.
public enum CachePurgeTargetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// None, or more than one, of the selectors was given; `given` names those that were, in selector order.
    case notExactlyOneSelector(given: [String])
    /// The selector `field`'s value is unusable: `message` as the admin API words it, `reason` the normaliser's
    /// detail (`must contain only letters, digits and underscores after the leading #`) when there is one.
    case invalidValue(field: String, message: String, reason: String?)

    /// The admin API's 422 violation; it names `key` when not exactly one selector was given.
    public var violation: FieldViolation {
        switch self {
        case .notExactlyOneSelector:
            FieldViolation(field: "key", message: "give exactly one of " + CachePurgeTarget.selectorNames.joined(separator: ", "))
        case .invalidValue(let field, let message, _):
            FieldViolation(field: field, message: message)
        }
    }

    public var description: String { self.violation.description }
}

extension AnalysisKind {
    /// The kind a cache tag names (`hashtag`, `account`, `query`): the inverse of ``CacheKey/tag(kind:target:)``.
    public init?(tagName: String) {
        switch tagName {
        case "hashtag": self = .hashtag
        case "account": self = .account
        case "query": self = .search
        default: return nil
        }
    }
}
