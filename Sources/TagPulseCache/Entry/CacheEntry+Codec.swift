import NIOCore

/// The binary form of a ``CacheEntry``, the value of its Redis key. Integers are big-endian.
///
/// ```
/// +---------+-------+--------+----------+----------+----------+----------+---------------+
/// | version | flags | status | storedAt | fresh ms | SWR ms   | SIE ms   | [staleAfter]  |
/// | u8 = 1  | u8    | u16    | i64      | i64      | i64      | i64      | i64 if flag 0 |
/// +---------+-------+--------+----------+----------+----------+----------+---------------+
/// | etag: u8 len + ASCII | content type: u8 len + UTF-8 | tags: u8 count × (u16 len + UTF-8) |
/// +----------------------+------------------------------+------------------------------------+
/// | body length (uncompressed): u32 | gzip body: u32 len + bytes |
/// +---------------------------------+----------------------------+
/// ```
///
/// Flag bit 0 says `staleAfter` follows; the other bits must be 0. Decoding reads only what the lengths promise
/// and the bytes hold, and checks every value, so truncated, garbage or hostile bytes are a typed
/// ``CacheEntryError`` (never a trap, never an allocation the input did not pay for). The body itself is checked
/// when it is inflated (``CacheEntry/body(maximumBytes:)``).
extension CacheEntry {
    static let staleAfterFlag: UInt8 = 0b0000_0001

    /// The encoded entry.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64 + self.etag.utf8.count + self.contentType.utf8.count + self.compressedBody.readableBytes)
        self.encode(into: &buffer)
        return buffer
    }

    /// Appends the encoded entry to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        // The initializers checked every length against the format, so the narrowing conversions below hold.
        buffer.writeInteger(Self.formatVersion)
        buffer.writeInteger(self.staleAfter == nil ? 0 : Self.staleAfterFlag)
        buffer.writeInteger(UInt16(self.status))
        buffer.writeInteger(self.storedAt)
        buffer.writeInteger(self.lifetimes.freshMilliseconds)
        buffer.writeInteger(self.lifetimes.staleWhileRevalidateMilliseconds)
        buffer.writeInteger(self.lifetimes.staleIfErrorMilliseconds)
        if let staleAfter = self.staleAfter { buffer.writeInteger(staleAfter) }
        buffer.writeInteger(UInt8(self.etag.utf8.count))
        buffer.writeString(self.etag)
        buffer.writeInteger(UInt8(self.contentType.utf8.count))
        buffer.writeString(self.contentType)
        buffer.writeInteger(UInt8(self.tags.count))
        for tag in self.tags {
            buffer.writeInteger(UInt16(tag.utf8.count))
            buffer.writeString(tag)
        }
        buffer.writeInteger(UInt32(self.bodyLength))
        buffer.writeInteger(UInt32(self.compressedBody.readableBytes))
        buffer.writeImmutableBuffer(self.compressedBody)
    }

    /// Reads an entry from the readable bytes of `buffer`, which must hold exactly one entry.
    /// - Throws: ``CacheEntryError`` with ``CacheEntryError/Code/truncated``,
    ///   ``CacheEntryError/Code/unsupportedVersion`` or ``CacheEntryError/Code/malformed``.
    public init(decoding buffer: ByteBuffer) throws(CacheEntryError) {
        var reader = Reader(buffer: buffer)
        let head = try CacheEntryHead(reading: &reader)
        let contentType = try reader.string("content type", lengthPrefix: UInt8.self)
        let tagCount = try reader.integer("tag count", as: UInt8.self)
        var tags: [String] = []
        for _ in 0..<tagCount {
            tags.append(try reader.string("tag", lengthPrefix: UInt16.self))
        }
        let bodyLength = try reader.integer("body length", as: UInt32.self)
        let compressedLength = try reader.integer("compressed length", as: UInt32.self)
        let compressedBody = try reader.slice("body", length: Int(compressedLength))
        guard reader.buffer.readableBytes == 0 else {
            throw CacheEntryError(.malformed, "\(reader.buffer.readableBytes) bytes follow the entry")
        }
        try self.init(
            status: head.status,
            storedAt: head.storedAt,
            lifetimes: head.lifetimes,
            etag: head.etag,
            contentType: contentType,
            tags: tags,
            staleAfter: head.staleAfter,
            compressedBody: compressedBody,
            bodyLength: Int(bodyLength)
        )
    }

    /// Bounds-checked reads that fail with the field's name.
    struct Reader {
        var buffer: ByteBuffer

        mutating func integer<Value: FixedWidthInteger>(_ field: String, as type: Value.Type = Value.self) throws(CacheEntryError) -> Value {
            guard let value = self.buffer.readInteger(as: Value.self) else {
                throw CacheEntryError(.truncated, "the entry ends inside its \(field)")
            }
            return value
        }

        mutating func slice(_ field: String, length: Int) throws(CacheEntryError) -> ByteBuffer {
            guard let slice = self.buffer.readSlice(length: length) else {
                throw CacheEntryError(.truncated, "the entry ends inside its \(field) (\(length) bytes announced)")
            }
            return slice
        }

        /// A UTF-8 string after its length.
        mutating func string<Length: FixedWidthInteger & UnsignedInteger>(
            _ field: String,
            lengthPrefix: Length.Type
        ) throws(CacheEntryError) -> String {
            let length = try self.integer("\(field) length", as: Length.self)
            let bytes = try self.slice(field, length: Int(length))
            guard let text = String(validating: bytes.readableBytesView, as: UTF8.self) else {
                throw CacheEntryError(.malformed, "the \(field) is not UTF-8")
            }
            return text
        }
    }
}

extension CacheEntryHead {
    /// Reads the head from the first bytes of an encoded entry (``prefixBytes`` of them, or the whole entry);
    /// what follows the ETag is ignored.
    /// - Throws: ``CacheEntryError``: ``CacheEntryError/Code/truncated`` when `prefix` ends inside the head.
    public init(decodingPrefix prefix: ByteBuffer) throws(CacheEntryError) {
        var reader = CacheEntry.Reader(buffer: prefix)
        try self.init(reading: &reader)
        guard (100...599).contains(self.status), !self.etag.isEmpty else { throw CacheEntryError(.malformed, "status or etag out of range") }
    }

    /// Reads version, flags, status, times, lifetimes, soft purge and ETag, checking each.
    init(reading reader: inout CacheEntry.Reader) throws(CacheEntryError) {
        let version: UInt8 = try reader.integer("version")
        guard version == CacheEntry.formatVersion else {
            throw CacheEntryError(.unsupportedVersion, "format version \(version), this build reads \(CacheEntry.formatVersion)")
        }
        let flags: UInt8 = try reader.integer("flags")
        guard flags & ~CacheEntry.staleAfterFlag == 0 else { throw CacheEntryError(.malformed, "unknown flags \(flags)") }
        let status: UInt16 = try reader.integer("status")
        let storedAt: Int64 = try reader.integer("stored_at")
        let fresh: Int64 = try reader.integer("fresh")
        let staleWhileRevalidate: Int64 = try reader.integer("stale_while_revalidate")
        let staleIfError: Int64 = try reader.integer("stale_if_error")
        guard fresh >= 0, staleWhileRevalidate >= 0, staleIfError >= 0 else {
            throw CacheEntryError(.malformed, "a lifetime is negative")
        }
        let staleAfter: Int64? = flags & CacheEntry.staleAfterFlag != 0 ? try reader.integer("stale_after") : nil
        let etag = try reader.string("etag", lengthPrefix: UInt8.self)
        guard etag.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw CacheEntryError(.malformed, "the etag is not visible ASCII")
        }
        self.init(
            status: Int(status),
            storedAt: storedAt,
            lifetimes: CacheLifetimes(
                freshMilliseconds: fresh,
                staleWhileRevalidateMilliseconds: staleWhileRevalidate,
                staleIfErrorMilliseconds: staleIfError
            ),
            etag: etag,
            staleAfter: staleAfter
        )
    }
}
