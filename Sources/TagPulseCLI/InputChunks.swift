#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A file descriptor's bytes in chunks of whole lines: each chunk ends just after a "\n", except the last one when
/// the input does not end with a newline. One `read` of up to 64 KiB per call when a line ends in what it returns,
/// so a chunk is whatever whole lines were ready: large under bulk input, a single line from an interactive writer.
///
/// A line longer than `maxLineBytes` is cut there (at a UTF-8 sequence boundary) and handed out as a line of its
/// own; the rest of it, up to its newline, is skipped. Memory stays bounded whatever the input (a binary file, a
/// stream with no newline), and there is still one output line per input line.
struct InputChunks {
    static let readSize = 1 << 16

    private let descriptor: Int32
    let maxLineBytes: Int
    /// Bytes read after the last newline handed out.
    private var pending: [UInt8] = []
    private var atEnd = false
    /// Skipping the rest of a line that was cut.
    private var skipping = false

    init(descriptor: Int32, maxLineBytes: Int = 1 << 20) {
        precondition(maxLineBytes >= 4, "a line must hold at least one UTF-8 sequence")
        self.descriptor = descriptor
        self.maxLineBytes = maxLineBytes
        self.pending.reserveCapacity(Self.readSize)
    }

    /// The next chunk of whole lines, or nil at the end of input.
    mutating func next() throws(ClassifyIOError) -> [UInt8]? {
        while true {
            if atEnd {
                guard !pending.isEmpty else { return nil }
                if pending.count > maxLineBytes { return cutLongLine() }
                defer { pending = [] }
                return pending
            }
            var scanFrom = pending.count
            try fill()
            if skipping {
                guard let newline = pending.firstIndex(of: 0x0A) else {
                    pending.removeAll(keepingCapacity: true)
                    continue
                }
                pending.removeFirst(newline + 1)
                skipping = false
                scanFrom = 0
            }
            if let newline = pending[scanFrom...].lastIndex(of: 0x0A) {
                let chunk = Array(pending[...newline])
                pending.removeFirst(newline + 1)
                return chunk
            }
            if pending.count > maxLineBytes { return cutLongLine() }
        }
    }

    /// The first `maxLineBytes` of the pending line (no newline in it), as a line; the rest of it is skipped.
    private mutating func cutLongLine() -> [UInt8] {
        var cut = maxLineBytes
        while cut > 0 && pending[cut] & 0xC0 == 0x80 { cut -= 1 }
        let line = Array(pending[..<cut]) + [0x0A]
        pending.removeAll(keepingCapacity: true)
        skipping = !atEnd
        return line
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
