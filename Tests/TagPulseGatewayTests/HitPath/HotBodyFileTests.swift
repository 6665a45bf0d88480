import Glibc
import NIOCore
import NIOEmbedded
import TagPulseCache
import TagPulseResilience
import Testing

@testable import TagPulseGateway

/// A large hot body's file: its bytes, one descriptor per event loop, and the descriptor budget, spent and given back.
@Suite("HotBodyFile")
struct HotBodyFileTests {
    static func contents(_ handle: NIOFileHandle, length: Int) throws -> [UInt8] {
        try handle.withUnsafeFileDescriptor { descriptor in
            var bytes = [UInt8](repeating: 0, count: length + 1)
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length + 1, 0) }
            return Array(bytes.prefix(max(0, count)))
        }
    }

    @Test func holdsTheBodysBytesAndGivesEachLoopItsOwnDescriptor() throws {
        let body = ByteBuffer(bytes: (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let budget = CountingLimit(limit: 8)
        let file = try #require(HotBodyFile(body, budget: budget))
        #expect(file.length == 70_000)
        let (first, second) = (EmbeddedEventLoop(), EmbeddedEventLoop())
        let a = try #require(file.handle(on: first))
        let b = try #require(file.handle(on: second))
        #expect(a !== b, "a descriptor per loop: NIOFileHandle takes one user at a time")
        #expect(file.handle(on: first) === a, "made once per loop")
        #expect(try Self.contents(a, length: 70_000) == Array(body.readableBytesView))
        #expect(try Self.contents(b, length: 70_000) == Array(body.readableBytesView))
        #expect(budget.current == 3, "the file and two duplicates")
    }

    @Test func theBudgetBoundsOpenDescriptorsAndIsGivenBackWhenTheFileGoes() throws {
        let body = ByteBuffer(repeating: 1, count: HotBodyFile.minimumBytes)
        let budget = CountingLimit(limit: 2)
        var file = HotBodyFile(body, budget: budget)
        let (first, second) = (EmbeddedEventLoop(), EmbeddedEventLoop())
        #expect(file != nil)
        #expect(file?.handle(on: first) != nil)
        #expect(file?.handle(on: second) == nil, "no descriptor left for a second loop: that loop copies")
        #expect(HotBodyFile(body, budget: budget) == nil, "nor for another file")
        #expect(budget.current == 2)
        file = nil
        #expect(budget.current == 0, "every descriptor closed and given back")
        #expect(HotBodyFile(body, budget: budget) != nil)
    }

    /// A loop's descriptor outlives its file while a `FileRegion` of it is still in a write (a channel's pending writes
    /// hold the region until the write completes): closed then, at the next retirement or when a descriptor is
    /// wanted and the budget is spent, never before.
    @Test func aLoopsDescriptorStaysOpenWhileAWriteHoldsItsRegion() throws {
        let body = ByteBuffer(bytes: (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 11) })
        let budget = CountingLimit(limit: 2)
        let retired = RetiredFileHandles()
        let loop = EmbeddedEventLoop()
        var file = HotBodyFile(body, budget: budget, retired: retired)
        var region = file?.region(on: loop)
        #expect(region != nil && budget.current == 2)
        file = nil
        #expect(budget.current == 1 && retired.count == 1, "the file's own descriptor is closed; the loop's waits for its write")
        #expect(region?.fileHandle.isOpen == true)
        let sent = try region.map { try Self.contents($0.fileHandle, length: 40_000) }
        #expect(sent == Array(body.readableBytesView), "what the write sends is still there")
        #expect(retired.sweep() == 0, "not while the write holds it")
        weak var handle = region?.fileHandle
        region = nil
        #expect(handle != nil, "retired, not closed: nothing looked since the write let go")
        // Nothing retires another file: a new file that finds the budget spent closes it.
        let next = try #require(HotBodyFile(body, budget: budget, retired: retired))
        #expect(next.handle(on: loop) != nil, "the budget was spent (the new file and the retired descriptor): freed by closing that")
        #expect(retired.count == 0 && handle == nil && budget.current == 2)
    }

    /// With no write holding it, a loop's descriptor closes with its file.
    @Test func aLoopsDescriptorNoWriteHoldsClosesWithItsFile() throws {
        let budget = CountingLimit(limit: 2)
        let retired = RetiredFileHandles()
        var file = HotBodyFile(ByteBuffer(repeating: 2, count: 40_000), budget: budget, retired: retired)
        let handle = try #require(file?.handle(on: EmbeddedEventLoop()))
        #expect(budget.current == 2)
        file = nil
        #expect(retired.count == 1, "the test's own reference counts as a write's")
        _ = consume handle
        #expect(retired.sweep() == 1 && budget.current == 0)
        var again = HotBodyFile(ByteBuffer(repeating: 2, count: 40_000), budget: budget, retired: retired)
        _ = again?.region(on: EmbeddedEventLoop())
        again = nil
        #expect(retired.count == 0 && budget.current == 0, "closed at once: no region outlived the call")
    }

    @Test func onlyAnEntryTheHotCacheKeepsWritesAFile() throws {
        let body = ByteBuffer(string: String(repeating: "a", count: 40_000))
        let stored = try CacheEntry(status: 200, body: body, tags: ["hashtag:a"], storedAt: 1000, lifetimes: .defaultPositive)
        let once = try HotEntry(hex: "h", entry: stored, confirmedAt: 1000, maximumBodyBytes: 1 << 20)
        #expect(once.identityFile == nil, "an entry made for one answer writes no file it would use once")
        let kept = try HotEntry(hex: "h", entry: stored, confirmedAt: 1000, maximumBodyBytes: 1 << 20, kept: true)
        #expect(kept.identityFile?.length == 40_000)
        let memory = try #require(once.identityMemory)
        #expect(kept.identityMemory == nil, "the file is the body's only copy")
        #expect(kept.bytes == once.bytes - memory.capacity + 40_000, "the file's bytes count against the hot cache's budget")
        #expect(kept.identityLength == 40_000 && kept.identityFields[.contentLength] == "40000")
        #expect(kept.identityBody == body, "read back from the file")
    }

    @Test func readsTheBodyBackFromTheFile() throws {
        let body = ByteBuffer(bytes: (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let file = try #require(HotBodyFile(body, budget: CountingLimit(limit: 2)))
        #expect(file.read() == body)
        #expect(file.read() == body, "as often as asked: the file is never changed")
    }

    @Test func noDirectoryMeansNoFile() {
        let budget = CountingLimit(limit: 2)
        #expect(HotBodyFile(ByteBuffer(repeating: 1, count: 40_000), budget: budget, directory: "/nonexistent-tagpulse") == nil)
        #expect(budget.current == 0)
    }
}

extension HotBodyFileTests {
    /// A quarter of the open-file limit, within 16 and 4,096 (unknown: as for 1,024).
    @Test func theDescriptorBudgetFollowsTheOpenFileLimit() {
        #expect(HotBodyFile.budgetLimit(openFiles: 1024) == 256)
        #expect(HotBodyFile.budgetLimit(openFiles: nil) == 256)
        #expect(HotBodyFile.budgetLimit(openFiles: 1_048_576) == 4096)
        #expect(HotBodyFile.budgetLimit(openFiles: 40) == 16)
        #expect(HotBodyFile.budgetLimit(openFiles: Int.max) == 4096)
    }
}
