/// Scratch memory for ``Tokenizer/scan(_:into:scratch:)``, kept from one text to the next: it grows to the
/// longest text seen (doubling) and is freed with the object. One per thread: not thread-safe.
final class ScanScratch {
    private var memory: UnsafeMutableRawBufferPointer

    init() { memory = .allocate(byteCount: 4096, alignment: 8) }

    deinit { memory.deallocate() }

    /// At least `byteCount` bytes, aligned for 8-byte values; their contents are unspecified.
    func memory(byteCount: Int) -> UnsafeMutableRawBufferPointer {
        if memory.count < byteCount {
            memory.deallocate()
            memory = .allocate(byteCount: max(byteCount, 2 * memory.count), alignment: 8)
        }
        return memory
    }
}
