/// The Redis names of the response cache, under one prefix (default `tp:`).
///
/// Entries may live on a separate cache Redis (evicting under pressure); leases, purge markers and notices always
/// live on the control Redis, which never evicts (a lost marker would undo a purge, a lost lease would let a
/// stampede through).
public struct CacheKeyspace: Sendable, Hashable {
    public var prefix: String

    public init(prefix: String = CacheKey.defaultPrefix) {
        self.prefix = prefix
    }

    /// `tp:c:{<hash>}`: the entry (binary, ``CacheEntry`` codec).
    public func entry(_ key: CacheKey) -> String { self.entry(hex: key.hex) }

    /// `tp:c:{<hash>}` from the key's 64 lowercase hex digits.
    public func entry(hex: String) -> String { self.prefix + "c:{" + hex + "}" }

    /// `tp:cl:{<hash>}`: the fill lease (`SET NX PX` with the holder's token).
    public func lease(_ key: CacheKey) -> String { self.lease(hex: key.hex) }

    /// `tp:cl:{<hash>}` from the key's hex digits: in the entry's slot.
    public func lease(hex: String) -> String { self.prefix + "cl:{" + hex + "}" }

    /// `tp:cp:k:<hash>`: purge marker of one key (a hash: `soft`, `hard`, ms since the epoch).
    public func keyMarker(hex: String) -> String { self.prefix + "cp:k:" + hex }

    /// `tp:cp:t:<tag>`: purge marker of a tag (`hashtag:skincare`), same fields.
    public func tagMarker(_ tag: String) -> String { self.prefix + "cp:t:" + tag }

    /// `tp:events:cache`: `filled <hash>` notices for waiting requests on every instance.
    public var noticesChannel: String { self.prefix + "events:cache" }
}
