import Glibc
import NIOCore
import Synchronization
import TagPulseResilience
import TagPulseWire

/// A large hot body kept as an unlinked file in `/dev/shm` (memory, not disk), so that ``HitFrontHandler`` sends it
/// with `sendfile(2)`: the kernel references the file's pages instead of copying the body out of the process
/// (decision 0006, "large hot bodies sent with `sendfile(2)`": at 106 KB the median hit waits half as long and the p99
/// falls by a quarter, one event loop, same req/s). The file is the body's only copy (``HotEntry`` keeps none in
/// memory beside it): a path that cannot send it as a file reads it back (``read()``).
///
/// - The file is written once, when its ``HotEntry`` is made, and never changed: a `sendfile` in flight reads what was
///   written.
/// - Each event loop sends from a duplicate descriptor of its own (``handle(on:)``): `NIOFileHandle` refuses a second
///   concurrent user.
/// - Every descriptor stays open until the last write that uses it has completed: the file's own closes when the file
///   is released; each loop's (the ones `sendfile` uses) is retired then and closed once no pending write's
///   `FileRegion` holds it (``RetiredFileHandles``), so no `sendfile` can ever read a descriptor number reused for
///   something else.
/// - At most ``budget`` descriptors (files and their per-loop duplicates) are open at once in the process; past
///   it, or without `/dev/shm`, there is no file (or no handle for that loop) and the body is copied as before.
final class HotBodyFile: Sendable {
    /// Bodies from this size up get a file (below it the copy costs less than a second write).
    static let minimumBytes = 32 << 10
    /// A quarter of the process's open-file limit (which the gateway raises to its hard limit at start; the rest is
    /// for connections), from 16 to 4,096 descriptors (``budgetLimit(openFiles:)``): with a soft limit of 1,024, 256
    /// descriptors, about 128 large bodies sent from two event loops; with a raised one, 4,096, more large bodies than
    /// a 64 MiB hot cache holds (about 600 of 106 KB). Past it, entries' bodies are copied. Made on first use, long
    /// after start-up.
    static let budget = CountingLimit(limit: HotBodyFile.budgetLimit(openFiles: OpenFileLimit.current))

    /// The descriptor budget for an open-file limit (nil: unknown, taken as 1,024).
    static func budgetLimit(openFiles: Int?) -> Int {
        min(4096, max(16, (openFiles ?? 1024) / 4))
    }

    /// Where the loops' descriptors wait for their last write once their file is gone.
    static let retired = RetiredFileHandles()

    let length: Int
    private let descriptor: CInt
    private let budget: CountingLimit
    private let retired: RetiredFileHandles
    private let handles = Mutex<[(loop: ObjectIdentifier, handle: NIOFileHandle)]>([])

    /// A file holding `body`'s readable bytes; nil when the budget is spent or the file cannot be made.
    init?(
        _ body: ByteBuffer,
        budget: CountingLimit = HotBodyFile.budget,
        retired: RetiredFileHandles = HotBodyFile.retired,
        directory: String = "/dev/shm"
    ) {
        guard Self.take(budget, retired: retired) else { return nil }
        var random = SystemRandomNumberGenerator()
        let path = "\(directory)/tagpulse-hot-\(getpid())-\(String(random.next(), radix: 16))"
        let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            budget.give()
            return nil
        }
        unlink(path)
        let written = body.withUnsafeReadableBytes { bytes -> Int in
            var offset = 0
            while offset < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count <= 0 { return offset }
                offset += count
            }
            return offset
        }
        guard written == body.readableBytes else {
            close(descriptor)
            budget.give()
            return nil
        }
        self.length = written
        self.descriptor = descriptor
        self.budget = budget
        self.retired = retired
    }

    deinit {
        close(self.descriptor)
        self.budget.give()
        // Taken out of the file first: a handle still referenced from here would never look unused.
        self.retired.retire(
            self.handles.withLock { handles in
                defer { handles.removeAll() }
                return handles.map(\.handle)
            },
            budget: self.budget
        )
        self.retired.sweep()
    }

    /// A unit of `budget`; when it is spent, once more after closing the retired descriptors no write holds.
    private static func take(_ budget: CountingLimit, retired: RetiredFileHandles) -> Bool {
        budget.take() || (retired.sweep() > 0 && budget.take())
    }

    /// A `FileRegion` of the whole file to send from `eventLoop`. Its handle stays open for as long as the region is
    /// in a pending write, even past the file's release (``RetiredFileHandles``): no promise per write is needed.
    /// nil when the loop has no descriptor (the budget is spent): then ``read()`` it.
    func region(on eventLoop: any EventLoop) -> FileRegion? {
        guard let handle = self.handle(on: eventLoop) else { return nil }
        return FileRegion(fileHandle: handle, readerIndex: 0, endIndex: self.length)
    }

    /// The body's bytes, read back from the file (`pread(2)` of memory: 6–7 µs for 106 KB), for a path that cannot
    /// send a file: the general pipeline's answers, a loop past the descriptor budget. nil when the read fails, which
    /// only a broken system does (the pages are this process's, in memory): the caller then answers without this copy.
    func read() -> ByteBuffer? {
        var bytes = ByteBufferAllocator().buffer(capacity: self.length)
        let complete = bytes.writeWithUnsafeMutableBytes(minimumWritableBytes: self.length) { memory -> Int in
            var offset = 0
            while offset < self.length {
                let count = pread(self.descriptor, memory.baseAddress! + offset, self.length - offset, off_t(offset))
                if count > 0 {
                    offset += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return 0
                }
            }
            return offset
        }
        return complete == self.length ? bytes : nil
    }

    /// The descriptor `eventLoop` sends from (made on first use; loops are known by identity, and live as long as the
    /// process); nil when the budget is spent or it cannot be duplicated.
    func handle(on eventLoop: any EventLoop) -> NIOFileHandle? {
        let loop = ObjectIdentifier(eventLoop)
        return self.handles.withLock { handles in
            if let found = handles.first(where: { $0.loop == loop }) { return found.handle }
            guard Self.take(self.budget, retired: self.retired) else { return nil }
            let duplicate = dup(self.descriptor)
            guard duplicate >= 0 else {
                self.budget.give()
                return nil
            }
            let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: duplicate)
            handles.append((loop, handle))
            return handle
        }
    }
}
