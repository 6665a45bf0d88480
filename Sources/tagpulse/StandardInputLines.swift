import Foundation

/// Standard input as lines, read in 64 KiB chunks: the same strings as `readLine(strippingNewline: true)` (a line
/// ends at "\n", which is dropped with a "\r" right before it; invalid UTF-8 is repaired the same way), without
/// `readLine`'s per-line `getline` buffer and its `Character`-level newline check.
struct StandardInputLines {
    private var buffer: [UInt8] = []
    /// Start of the first unread byte in `buffer`.
    private var start = 0
    private var atEnd = false

    init() { self.buffer.reserveCapacity(1 << 16) }

    /// The next line, or nil at the end of input.
    mutating func next() -> String? {
        while true {
            if let newline = self.buffer[self.start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > self.start && self.buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: self.buffer[self.start..<end], as: UTF8.self)
                self.start = newline + 1
                return line
            }
            if self.atEnd {
                guard self.start < self.buffer.count else { return nil }
                let line = String(decoding: self.buffer[self.start...], as: UTF8.self)
                self.start = self.buffer.count
                return line
            }
            self.fill()
        }
    }

    /// Drops the bytes already returned and appends the next chunk of standard input (or notes its end).
    private mutating func fill() {
        if self.start > 0 {
            self.buffer.removeFirst(self.start)
            self.start = 0
        }
        let chunk = 1 << 16
        let old = self.buffer.count
        self.buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count = 0
        self.buffer.withUnsafeMutableBytes { raw in
            repeat {
                count = read(STDIN_FILENO, raw.baseAddress! + old, chunk)
            } while count < 0 && errno == EINTR
        }
        self.buffer.removeLast(chunk - max(count, 0))
        if count <= 0 { self.atEnd = true }
    }
}
