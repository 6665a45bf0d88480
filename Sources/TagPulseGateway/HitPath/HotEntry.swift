import HTTPTypes
import NIOCore
import Synchronization
import TagPulseCache

/// One entry of the ``HotCache``: a stored response's head and both encodings of its body, with the header fields
/// that never change between hits already built, so a hit does no inflate, no JSON and little formatting.
///
/// Which version of the entry it is (``head``, compared with ``CacheEntryHead/isSameVersion(as:)``) never changes;
/// a refill is a new `HotEntry`. What changes is how recently Redis confirmed it (leased mode) and the purges that
/// apply to it (``Confirmation``).
final class HotEntry: Sendable {
    /// The last word from Redis: the head with the purges in force applied, and when (this instance's clock, ms).
    struct Confirmation: Sendable {
        var head: CacheEntryHead
        var at: Int64
    }

    let hex: String
    /// As stored (no purge applied).
    let head: CacheEntryHead
    let tags: [String]
    let gzipBody: ByteBuffer
    /// The identity body in memory; nil when ``identityFile`` holds it (a large body is kept once, not twice).
    let identityMemory: ByteBuffer?
    /// The identity body's length.
    let identityLength: Int
    /// `Content-Type`, `Content-Encoding: gzip`, `Content-Length`, `ETag`, `Vary` and the security headers.
    let gzipFields: HTTPFields
    /// The same without `Content-Encoding`, with the identity body's length.
    let identityFields: HTTPFields
    /// The same fields as HTTP/1 field lines (`Name: value\r\n` each), written as they are by ``HitFrontHandler``.
    let gzipFieldLines: ByteBuffer
    let identityFieldLines: ByteBuffer
    /// The identity body as a file ``HitFrontHandler`` sends with `sendfile(2)`, when it is large enough and the
    /// descriptor budget allows (``HotBodyFile``); then it is the body's only copy.
    let identityFile: HotBodyFile?
    /// What the entry costs the cache's byte budget.
    let bytes: Int
    private let confirmation: Mutex<Confirmation>

    /// `kept`: the entry goes into the hot cache, so a large identity body goes to a file (``HotBodyFile``) instead of
    /// memory; an
    /// entry made for one answer (the hot cache off) does not write one it would use once.
    /// - Throws: when the body does not inflate (a corrupt entry is never kept).
    init(hex: String, entry: CacheEntry, confirmedAt now: Int64, maximumBodyBytes: Int, kept: Bool = false) throws {
        self.hex = hex
        self.head = entry.head.unpurged
        self.tags = entry.tags
        // Copies of their own: the stored body may be a slice of a larger buffer (the Redis reply it came in), and
        // the inflated one may have grown well past its length. Their capacities are what counts below.
        self.gzipBody = Self.compact(entry.compressedBody)
        let identity = try entry.body(maximumBytes: maximumBodyBytes)
        self.identityLength = identity.readableBytes
        self.identityFile = kept && identity.readableBytes >= HotBodyFile.minimumBytes ? HotBodyFile(identity) : nil
        self.identityMemory = self.identityFile == nil ? Self.compact(identity) : nil
        var fields = HTTPFields()
        fields.reserveCapacity(20)
        fields[.contentType] = entry.contentType
        fields[.eTag] = entry.etag
        fields[.vary] = "Accept-Encoding"
        RequestTracingMiddleware.addSecurityHeaders(to: &fields, cacheControl: false)
        var gzip = fields
        gzip[.contentEncoding] = "gzip"
        gzip[.contentLength] = String(self.gzipBody.readableBytes)
        fields[.contentLength] = String(self.identityLength)
        self.gzipFields = gzip
        self.identityFields = fields
        var lines = ByteBuffer()
        lines.writeHTTP1Fields(gzip)
        self.gzipFieldLines = lines
        lines.clear()
        lines.writeHTTP1Fields(fields)
        self.identityFieldLines = lines
        // The memory the bodies and field lines hold (capacities: the allocator rounds up), plus what the rest costs:
        // two field lists, the entry and its slot, the allocator's share. 6 KiB is measured: 10,387 hot entries of
        // 2–3 KB bodies grew a gateway's anonymous memory by 8.6 KB each beyond their bodies' lengths (2026-12-06).
        // The file's pages are memory too (`/dev/shm`).
        self.bytes =
            self.gzipBody.capacity + (self.identityMemory?.capacity ?? 0) + self.gzipFieldLines.capacity
            + self.identityFieldLines.capacity + 6144 + hex.utf8.count + (self.identityFile?.length ?? 0)
        self.confirmation = Mutex(Confirmation(head: entry.head, at: now))
    }

    private static func compact(_ buffer: ByteBuffer) -> ByteBuffer {
        var copy = ByteBufferAllocator().buffer(capacity: buffer.readableBytes)
        copy.writeImmutableBuffer(buffer)
        return copy
    }

    /// The identity body's bytes: from memory, or read back from its file; nil only when that read fails.
    var identityBody: ByteBuffer? { self.identityMemory ?? self.identityFile?.read() }

    /// The head as Redis last reported it, and when.
    var confirmed: Confirmation { self.confirmation.withLock { $0 } }

    /// Records what Redis just said about this version (purges applied) at `now`.
    func confirm(_ head: CacheEntryHead, at now: Int64) {
        self.confirmation.withLock { $0 = Confirmation(head: head, at: now) }
    }
}
