#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A file descriptor's bytes in chunks of whole lines: each chunk ends just after a "\n", except the last one when
/// the input does not end with a newline. One `read` of up to 64 KiB per call when a line ends in what it returns,
/// so a chunk is whatever whole lines were ready: large under bulk input, a single line from an interactive writer.
struct InputChunks {
    static let readSize = 1 << 16

    private let descriptor: Int32
    /// Bytes read after the last newline handed out.
    private var pending: [UInt8] = []
    private var atEnd = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        self.pending.reserveCapacity(Self.readSize)
    }

    /// The next chunk of whole lines, or nil at the end of input.
    mutating func next() throws(ClassifyIOError) -> [UInt8]? {
        while true {
            if atEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return pending
            }
            let scanFrom = pending.count
            try fill()
            if let newline = pending[scanFrom...].lastIndex(of: 0x0A) {
                let chunk = Array(pending[...newline])
                pending.removeFirst(newline + 1)
                return chunk
            }
        }
    }

    /// Whether a `read` would return at once (data or end of input ready): when it would block, the caller writes
    /// what it holds first, so that an interactive writer gets its answers before it sends more.
    func isReady() -> Bool {
        if atEnd { return true }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }

    private mutating func fill() throws(ClassifyIOError) {
        let old = pending.count
        pending.append(contentsOf: repeatElement(0, count: Self.readSize))
        var count = 0
        pending.withUnsafeMutableBytes { raw in
            repeat {
                count = read(descriptor, raw.baseAddress! + old, Self.readSize)
            } while count < 0 && errno == EINTR
        }
        let failure = count < 0 ? errno : 0
        pending.removeLast(Self.readSize - max(count, 0))
        if failure != 0 { throw ClassifyIOError(operation: .read, errno: failure) }
        if count == 0 { atEnd = true }
    }
}
