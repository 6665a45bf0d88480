import Crypto
import NIOCore

/// A stored analysis response: the gzip-compressed body and what the gateway needs to serve it without
/// decompressing (status, ETag, content type, lengths) or to decide whether it may serve it (times, windows).
///
/// Times are milliseconds since the Unix epoch, taken from one clock (the gateway passes Redis `TIME` or its own
/// clock in; nothing here reads a clock). Freshness is a pure function of `now`:
///
/// ```
///  storedAt           staleAt                staleAt + SWR             staleAt + SIE
///     |----- fresh ------|-- stale-while-revalidate --|-- stale-if-error --|-- expired
/// ```
///
/// `staleAt` is `storedAt + fresh`, or earlier once the entry was soft-purged (``softPurge(at:)``): a soft purge
/// makes the entry stale at once while keeping both stale windows, so clients are still served while it refreshes.
/// The Redis TTL (``redisTTLMilliseconds``) covers fresh plus the longer stale window from `storedAt`, so an
/// entry always outlives its last usable moment.
public struct CacheEntry: Sendable, Hashable {
    /// The codec's current format version, written first.
    public static let formatVersion: UInt8 = 1
    /// Longest content type and ETag the format stores, in bytes.
    public static let maximumShortFieldBytes = 255
    /// Most tags the format stores.
    public static let maximumTagCount = 255
    /// Longest tag the format stores, in bytes.
    public static let maximumTagBytes = Int(UInt16.max)

    /// The HTTP status to answer with: 200, or a negative entry's status (404 for an unknown hashtag).
    public let status: Int
    /// When the response was stored.
    public let storedAt: Int64
    public let lifetimes: CacheLifetimes
    /// A strong ETag of the uncompressed body, quoted (``strongETag(for:)``).
    public let etag: String
    public let contentType: String
    /// Purge tags (`hashtag:skincare`); see `CacheKey.tags`.
    public let tags: [String]
    /// When set, the entry is stale from this moment even if its fresh lifetime has not run out (soft purge).
    public private(set) var staleAfter: Int64?
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
        self.status = status
        self.storedAt = storedAt
        self.lifetimes = lifetimes
        self.etag = etag
        self.contentType = contentType
        self.tags = tags
        self.staleAfter = staleAfter
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

    /// Marks the entry stale from `now` on (keeping the earlier moment if it already was); it stays servable
    /// within its stale windows while a refresh replaces it.
    public mutating func softPurge(at now: Int64) {
        self.staleAfter = min(self.staleAfter ?? .max, now)
    }

    /// The moment the entry goes stale: `storedAt + fresh`, or the soft-purge moment if earlier.
    public var staleAt: Int64 {
        min(Self.add(self.storedAt, self.lifetimes.freshMilliseconds), self.staleAfter ?? .max)
    }

    /// Where the entry stands at `now`. A `now` before `storedAt` (clocks of two instances disagreeing) counts
    /// as age 0.
    public func state(at now: Int64) -> CacheFreshness {
        let (difference, overflow) = now.subtractingReportingOverflow(self.storedAt)
        let age = overflow ? (now < self.storedAt ? 0 : .max) : max(difference, 0)
        let staleAt = self.staleAt
        guard now >= staleAt else { return .fresh(ageMilliseconds: age) }
        if now < Self.add(staleAt, self.lifetimes.staleWhileRevalidateMilliseconds) {
            return .staleWhileRevalidate(ageMilliseconds: age)
        }
        if now < Self.add(staleAt, self.lifetimes.staleIfErrorMilliseconds) {
            return .staleIfError(ageMilliseconds: age)
        }
        return .expired
    }

    /// Milliseconds of freshness left at `now`, negative once stale (`Cache-Status: …; ttl=` in seconds).
    public func remainingFreshMilliseconds(at now: Int64) -> Int64 {
        let (difference, overflow) = self.staleAt.subtractingReportingOverflow(now)
        return overflow ? (now > 0 ? .min : .max) : difference
    }

    /// How long Redis keeps the entry from `storedAt`: fresh + max(SWR, SIE), for `SET … PX`.
    public var redisTTLMilliseconds: Int64 { self.lifetimes.retentionMilliseconds }

    /// The moment Redis drops the entry (`storedAt` + ``redisTTLMilliseconds``), for `SET … PXAT` when an entry
    /// is rewritten (a soft purge) and must not live longer than it was first given.
    public var expiresAt: Int64 { Self.add(self.storedAt, self.redisTTLMilliseconds) }

    static func add(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? (rhs > 0 ? .max : .min) : sum
    }
}
