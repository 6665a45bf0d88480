import CZlib
import NIOCore

/// gzip (RFC 1952) with zlib: cache entries keep their bodies compressed, and a client that accepts gzip gets
/// the stored bytes as they are.
///
/// Decompression always takes an output cap: a corrupt entry or a hostile payload (a "bomb" that inflates a few
/// kilobytes into gigabytes) is refused with ``GzipError/Code/outputLimitExceeded`` after at most `cap + 1` bytes
/// of output were produced, never after allocating what the stream claims.
///
/// ```swift
/// let compressed = try Gzip.compress(body)
/// let body = try Gzip.decompress(compressed, maximumOutputBytes: 32 << 20)
/// ```
///
/// The engine's corpus reader keeps its own small, internal `Gunzip` (inflate only, over Foundation `Data`).
/// Sharing one would make the engine depend on the cache module, so the two stay apart.
public enum Gzip {
    /// zlib's default trade-off between speed and size.
    public static let defaultLevel: Int32 = 6

    /// Output is produced in steps of this size, so the cap is checked as the stream inflates.
    static let chunkSize = 64 << 10
    /// 15 window bits, plus 16: write (and expect) the gzip wrapper rather than zlib's.
    static let gzipWindowBits: Int32 = 15 + 16

    /// The gzip encoding of the readable bytes of `input`.
    /// - Parameters:
    ///   - input: the bytes to compress; its reader index is not moved.
    ///   - level: 0 (store) to 9 (smallest); `-1` is zlib's default. Values outside are clamped.
    public static func compress(_ input: ByteBuffer, level: Int32 = Gzip.defaultLevel) throws(GzipError) -> ByteBuffer {
        try input.withUnsafeReadableBytes { Self.deflate($0, level: level) }.get()
    }

    /// The gzip encoding of `input`.
    public static func compress(_ input: [UInt8], level: Int32 = Gzip.defaultLevel) throws(GzipError) -> [UInt8] {
        let output = try input.withUnsafeBytes { Self.deflate($0, level: level) }.get()
        return Array(output.readableBytesView)
    }

    /// The bytes a single gzip stream (the readable bytes of `input`) holds.
    /// - Parameters:
    ///   - input: exactly one gzip member; bytes after it are refused as ``GzipError/Code/corrupt``.
    ///   - maximumOutputBytes: the most the output may hold; more is ``GzipError/Code/outputLimitExceeded``.
    public static func decompress(_ input: ByteBuffer, maximumOutputBytes: Int) throws(GzipError) -> ByteBuffer {
        try input.withUnsafeReadableBytes { Self.inflate($0, maximumOutputBytes: maximumOutputBytes) }.get()
    }

    /// The bytes a single gzip stream (all of `input`) holds, with the same rules as the `ByteBuffer` form.
    public static func decompress(_ input: [UInt8], maximumOutputBytes: Int) throws(GzipError) -> [UInt8] {
        let output = try input.withUnsafeBytes { Self.inflate($0, maximumOutputBytes: maximumOutputBytes) }.get()
        return Array(output.readableBytesView)
    }

    static func deflate(_ input: UnsafeRawBufferPointer, level: Int32) -> Result<ByteBuffer, GzipError> {
        var stream = z_stream()
        let level = min(max(level, -1), 9)
        let started = deflateInit2_(
            &stream,
            level,
            Z_DEFLATED,
            Self.gzipWindowBits,
            8,
            Z_DEFAULT_STRATEGY,
            ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)
        )
        guard started == Z_OK else { return .failure(GzipError(.zlib, "zlib could not start deflating (status \(started))")) }
        defer { deflateEnd(&stream) }

        let bound = Int(clamping: deflateBound(&stream, uLong(input.count)))
        var output = ByteBufferAllocator().buffer(capacity: min(bound, 64 << 20))
        var feed = InputFeed(input, stream: &stream)
        while true {
            feed.refill(&stream)
            let flush = feed.isExhausted(stream) ? Z_FINISH : Z_NO_FLUSH
            var status = Z_OK
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.chunkSize) { space in
                let usable = min(space.count, Int(UInt32.max))
                stream.next_out = space.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(usable)
                status = CZlib.deflate(&stream, flush)
                return usable - Int(stream.avail_out)
            }
            switch status {
            case Z_STREAM_END:
                return .success(output)
            case Z_OK, Z_BUF_ERROR:
                continue  // more output space or more input needed; both are supplied on the next turn
            default:
                return .failure(GzipError(.zlib, "zlib failed while deflating (status \(status))"))
            }
        }
    }

    static func inflate(_ input: UnsafeRawBufferPointer, maximumOutputBytes cap: Int) -> Result<ByteBuffer, GzipError> {
        guard !input.isEmpty else { return .failure(GzipError(.truncated, "the input is empty")) }
        let cap = min(max(cap, 0), Int.max - 1)  // `cap + 1` below must not overflow
        var stream = z_stream()
        let started = inflateInit2_(&stream, Self.gzipWindowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard started == Z_OK else { return .failure(GzipError(.zlib, "zlib could not start inflating (status \(started))")) }
        defer { inflateEnd(&stream) }

        let (estimate, overflow) = input.count.multipliedReportingOverflow(by: 4)
        var output = ByteBufferAllocator().buffer(capacity: min(cap + 1, overflow ? Int.max : max(estimate, 4096), 64 << 20))
        var feed = InputFeed(input, stream: &stream)
        while true {
            feed.refill(&stream)
            // Room for one byte past the cap, so a stream that goes over is noticed without producing more.
            let room = min(cap - output.readableBytes + 1, Self.chunkSize)
            var status = Z_OK
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { space in
                let usable = min(space.count, room)
                stream.next_out = space.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(usable)
                status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return usable - Int(stream.avail_out)
            }
            guard output.readableBytes <= cap else {
                return .failure(GzipError(.outputLimitExceeded, "the data inflates past \(cap) bytes"))
            }
            switch status {
            case Z_STREAM_END:
                guard feed.isExhausted(stream) else {
                    return .failure(GzipError(.corrupt, "bytes follow the end of the gzip stream"))
                }
                return .success(output)
            case Z_OK:
                continue
            case Z_BUF_ERROR where feed.isExhausted(stream):
                return .failure(GzipError(.truncated, "the input ends inside the gzip stream"))
            case Z_MEM_ERROR:
                return .failure(GzipError(.zlib, "zlib ran out of memory while inflating"))
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                return .failure(GzipError(.corrupt, "the gzip data is invalid (\(reason))"))
            }
        }
    }

    /// Hands zlib the input in pieces that fit its 32-bit `avail_in`; zlib advances `next_in` itself.
    struct InputFeed {
        var pending: Int

        init(_ input: UnsafeRawBufferPointer, stream: inout z_stream) {
            self.pending = input.count
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = 0
        }

        mutating func refill(_ stream: inout z_stream) {
            guard stream.avail_in == 0, self.pending > 0 else { return }
            let piece = min(self.pending, Int(UInt32.max))
            stream.avail_in = uInt(piece)
            self.pending -= piece
        }

        func isExhausted(_ stream: z_stream) -> Bool { self.pending == 0 && stream.avail_in == 0 }
    }
}
