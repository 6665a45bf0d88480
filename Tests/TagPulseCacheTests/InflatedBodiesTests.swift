import NIOCore
import Testing

@testable import TagPulseCache

struct InflatedBodiesTests {
    func entry(_ text: String) throws -> CacheEntry {
        try CacheEntry(status: 200, body: ByteBuffer(string: text), tags: [], storedAt: 0, lifetimes: .defaultPositive)
    }

    @Test func remembersBodiesByETagAndEvictsTheOldestWhenFull() throws {
        let bodies = InflatedBodies(capacityBytes: 400)
        let first = try self.entry(String(repeating: "a", count: 100))
        #expect(String(buffer: try bodies.body(of: first, maximumBytes: 1 << 20)) == String(repeating: "a", count: 100))
        #expect(bodies.usage == (1, 100))
        _ = try bodies.body(of: first, maximumBytes: 1 << 20)
        #expect(bodies.usage == (1, 100))
        for letter in ["b", "c", "d"] { _ = try bodies.body(of: try self.entry(String(repeating: letter, count: 100)), maximumBytes: 1 << 20) }
        #expect(bodies.usage == (4, 400))
        _ = try bodies.body(of: try self.entry(String(repeating: "e", count: 100)), maximumBytes: 1 << 20)
        #expect(bodies.usage == (4, 400), "the oldest went")
        let large = try self.entry(String(repeating: "z", count: 150))
        #expect(try bodies.body(of: large, maximumBytes: 1 << 20).readableBytes == 150)
        #expect(bodies.usage.count == 4, "a body over a quarter of the capacity is served, not kept")
    }

    @Test func theCapOnTheInflatedSizeStillApplies() throws {
        let bodies = InflatedBodies()
        #expect(throws: GzipError.self) { try bodies.body(of: try self.entry(String(repeating: "a", count: 1000)), maximumBytes: 10) }
    }
}
