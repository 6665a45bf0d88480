import NIOCore
import Synchronization
import TagPulseResilience

/// The per-loop descriptors of large hot bodies whose files are gone (``HotBodyFile``), each closed once no write can
/// use it any more.
///
/// A `FileRegion` waiting in a channel's pending writes holds its `NIOFileHandle`, and NIO lets it go when the write has
/// completed or failed. So a retired handle that nothing but this list holds is one no `sendfile(2)` will ever use
/// again: closing it then cannot let a pending write read a descriptor number reused for something else. This
/// replaces a promise per large hit that held the file until its write completed (its future, callback and generic
/// metadata were ≈ 1 % of a 106 KB hit's samples, `perf`, 2026-12-07).
///
/// Handles are looked at (``sweep()``) whenever a file has retired its own and whenever a new file or descriptor finds the
/// budget spent, so a handle still in a write when its file went is closed at the next eviction or the next time a
/// descriptor is wanted; until then it keeps its descriptor and its unit of ``HotBodyFile/budget``.
final class RetiredFileHandles: Sendable {
    /// Each with the budget its descriptor counts in.
    private let handles = Mutex<[(handle: NIOFileHandle, budget: CountingLimit)]>([])

    init() {}

    /// Only a test's list is ever released (the process's is a `static`): whatever it still holds is closed.
    deinit {
        for (handle, budget) in self.handles.withLock({ $0 }) {
            try? handle.close()
            budget.give()
        }
    }

    /// Handles waiting for their last write.
    var count: Int { self.handles.withLock { $0.count } }

    /// Takes `handles` (each a unit of `budget`) over; ``sweep()`` closes those no write holds. (Apart, so that the
    /// caller's array is gone by then: its references would count as a write's.)
    func retire(_ handles: [NIOFileHandle], budget: CountingLimit) {
        self.handles.withLock { $0.append(contentsOf: handles.map { ($0, budget) }) }
    }

    /// Closes each retired handle that only this list holds, giving its unit back to its budget; the number closed.
    @discardableResult
    func sweep() -> Int {
        let unused = self.handles.withLock { handles -> [(handle: NIOFileHandle, budget: CountingLimit)] in
            var unused: [(handle: NIOFileHandle, budget: CountingLimit)] = []
            var index = handles.startIndex
            while index < handles.endIndex {
                // Unique: no region in any pending write, and nothing can take a new one (its file is gone).
                if isKnownUniquelyReferenced(&handles[index].handle) {
                    unused.append(handles.remove(at: index))
                } else {
                    index += 1
                }
            }
            return unused
        }
        for (handle, budget) in unused {
            try? handle.close()
            budget.give()
        }
        return unused.count
    }
}
