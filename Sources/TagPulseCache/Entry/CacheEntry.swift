import Crypto
import NIOCore

/// A stored analysis response: its ``head`` (status, times, ETag: what decides whether it may be served) and the
/// gzip-compressed body with what is needed to serve it without decompressing (content type, lengths).
///
/// Freshness is the head's (``CacheEntryHead``); the Redis TTL (``redisTTLMilliseconds``) covers fresh plus the
/// longer stale window from `storedAt`, so an entry always outlives its last usable moment.
public struct CacheEntry: Sendable, Hashable {
    /// The codec's current format version, written first.
    public static let formatVersion: UInt8 = 1
    /// Longest content type and ETag the format stores, in bytes.
    public static let maximumShortFieldBytes = 255
    /// Most tags the format stores.
    public static let maximumTagCount = 255
    /// Longest tag the format stores, in bytes.
    public static let maximumTagBytes = Int(UInt16.max)

    /// Status, times, lifetimes, soft purge and ETag: the entry's first bytes when encoded.
    public private(set) var head: CacheEntryHead
    public let contentType: String
    /// Purge tags (`hashtag:skincare`); see `CacheKey.tags`.
    public let tags: [String]
    /// The body, gzip-compressed: sent as is (`Content-Encoding: gzip`) to clients that accept it.
    public let compressedBody: ByteBuffer
    /// Length of the uncompressed body, for `Content-Length` and for the decompression check.
    public let bodyLength: Int

    /// Builds an entry from an uncompressed body: compresses it and derives the ETag.
    /// - Throws: ``CacheEntryError/Code/tooLarge`` when a field does not fit the format,
    ///   ``CacheEntryError/Code/compression`` when zlib fails, ``CacheEntryError/Code/malformed`` for a status
    ///   outside 100...599.
    public init(
        status: Int,
        body: ByteBuffer,
        contentType: String = "application/json",
        tags: [String],
        storedAt: Int64,
        lifetimes: CacheLifetimes
    ) throws(CacheEntryError) {
        let compressed: ByteBuffer
        do {
            compressed = try Gzip.compress(body)
        } catch {
            throw CacheEntryError(.compression, "\(error)")
        }
        try self.init(
            status: status,
            storedAt: storedAt,
            lifetimes: lifetimes,
            etag: Self.strongETag(for: body),
            contentType: contentType,
            tags: tags,
            staleAfter: nil,
            compressedBody: compressed,
            bodyLength: body.readableBytes
        )
    }

    /// Every field as stored; checks the limits of the format.
    init(
        status: Int,
        storedAt: Int64,
        lifetimes: CacheLifetimes,
        etag: String,
        contentType: String,
        tags: [String],
        staleAfter: Int64?,
        compressedBody: ByteBuffer,
        bodyLength: Int
    ) throws(CacheEntryError) {
        guard (100...599).contains(status) else { throw CacheEntryError(.malformed, "status \(status) is not an HTTP status") }
        guard (1...Self.maximumShortFieldBytes).contains(etag.utf8.count) else {
            throw CacheEntryError(.tooLarge, "the etag must be 1 to \(Self.maximumShortFieldBytes) bytes")
        }
        guard contentType.utf8.count <= Self.maximumShortFieldBytes else {
            throw CacheEntryError(.tooLarge, "the content type is longer than \(Self.maximumShortFieldBytes) bytes")
        }
        guard tags.count <= Self.maximumTagCount, tags.allSatisfy({ $0.utf8.count <= Self.maximumTagBytes }) else {
            throw CacheEntryError(.tooLarge, "at most \(Self.maximumTagCount) tags of at most \(Self.maximumTagBytes) bytes")
        }
        guard bodyLength >= 0, bodyLength <= Int(UInt32.max), compressedBody.readableBytes <= Int(UInt32.max) else {
            throw CacheEntryError(.tooLarge, "the body is larger than 4 GiB")
        }
        self.head = CacheEntryHead(status: status, storedAt: storedAt, lifetimes: lifetimes, etag: etag, staleAfter: staleAfter)
        self.contentType = contentType
        self.tags = tags
        self.compressedBody = compressedBody
        self.bodyLength = bodyLength
    }

    /// `"<hex>"`: the first 16 bytes of the body's SHA-256, as 32 lower-case hex digits, quoted. Strong: equal
    /// tags mean byte-identical bodies.
    public static func strongETag(for body: ByteBuffer) -> String {
        var hasher = SHA256()
        body.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        return "\"" + CacheKey.hexString(digest.prefix(16)) + "\""
    }

    /// The uncompressed body.
    /// - Parameter maximumBytes: the most the caller will hold; a larger body is refused before it is inflated.
    /// - Throws: ``GzipError``: ``GzipError/Code/outputLimitExceeded`` over the cap, ``GzipError/Code/corrupt``
    ///   when the body does not inflate to exactly ``bodyLength`` bytes.
    public func body(maximumBytes: Int = .max) throws(GzipError) -> ByteBuffer {
        guard self.bodyLength <= maximumBytes else {
            throw GzipError(.outputLimitExceeded, "the body is \(self.bodyLength) bytes, over the cap of \(maximumBytes)")
        }
        let body = try Gzip.decompress(self.compressedBody, maximumOutputBytes: self.bodyLength)
        guard body.readableBytes == self.bodyLength else {
            throw GzipError(.corrupt, "the body inflated to \(body.readableBytes) bytes, \(self.bodyLength) were stored")
        }
        return body
    }

    /// The HTTP status to answer with: 200, or a negative entry's status (404 for an unknown hashtag).
    public var status: Int { self.head.status }
    /// When the response was stored.
    public var storedAt: Int64 { self.head.storedAt }
    public var lifetimes: CacheLifetimes { self.head.lifetimes }
    /// A strong ETag of the uncompressed body, quoted (``strongETag(for:)``).
    public var etag: String { self.head.etag }
    /// When set, the entry is stale from this moment even if its fresh lifetime has not run out (soft purge).
    public var staleAfter: Int64? { self.head.staleAfter }

    /// See ``CacheEntryHead/softPurge(at:)``.
    public mutating func softPurge(at now: Int64) { self.head.softPurge(at: now) }

    /// See ``CacheEntryHead/staleAt``.
    public var staleAt: Int64 { self.head.staleAt }

    /// See ``CacheEntryHead/state(at:)``.
    public func state(at now: Int64) -> CacheFreshness { self.head.state(at: now) }

    /// See ``CacheEntryHead/remainingFreshMilliseconds(at:)``.
    public func remainingFreshMilliseconds(at now: Int64) -> Int64 { self.head.remainingFreshMilliseconds(at: now) }

    /// How long Redis keeps the entry from `storedAt`: fresh + max(SWR, SIE), for `SET … PX`.
    public var redisTTLMilliseconds: Int64 { self.head.redisTTLMilliseconds }

    /// The moment Redis drops the entry (`storedAt` + ``redisTTLMilliseconds``), for `SET … PXAT` when an entry
    /// is rewritten (a soft purge) and must not live longer than it was first given.
    public var expiresAt: Int64 { self.head.expiresAt }
}
