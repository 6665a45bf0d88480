import MetricsTestKit
import NIOCore
import TagPulseCache
import Testing

@testable import TagPulseGateway

/// The in-process hot cache: byte-bounded, least recently used out, and emptied by the notices that say its copies
/// may be out of date.
@Suite("HotCache")
struct HotCacheTests {
    func entry(_ hex: String, bytes: Int = 1000, tag: String = "hashtag:skincare", storedAt: Int64 = 1000) throws -> HotEntry {
        let body = ByteBuffer(string: String(repeating: "a", count: bytes))
        let stored = try CacheEntry(status: 200, body: body, tags: [tag], storedAt: storedAt, lifetimes: .defaultPositive)
        return try HotEntry(hex: hex, entry: stored, confirmedAt: storedAt, maximumBodyBytes: 1 << 20)
    }

    @Test func preparesBothEncodingsOnce() throws {
        let hot = try self.entry("a", bytes: 5000)
        #expect(hot.identityMemory?.readableBytes == 5000)
        #expect(hot.identityLength == 5000)
        #expect(hot.gzipBody.readableBytes < 100)
        #expect(hot.gzipFields[.contentEncoding] == "gzip")
        #expect(hot.gzipFields[.contentLength] == String(hot.gzipBody.readableBytes))
        #expect(hot.identityFields[.contentEncoding] == nil)
        #expect(hot.identityFields[.contentLength] == "5000")
        #expect(hot.identityFields[.xContentTypeOptions] == "nosniff")
        #expect(hot.identityFields[.cacheControl] == nil, "set per hit from the entry's freshness")
    }

    @Test func holdsNoMoreMemoryThanItCounts() throws {
        // An entry decoded from a larger buffer (a Redis read holding other replies too): its bodies are slices of it.
        let stored = try CacheEntry(
            status: 200,
            body: ByteBuffer(string: String(repeating: "b", count: 5000)),
            tags: ["hashtag:skincare"],
            storedAt: 1000,
            lifetimes: .defaultPositive
        )
        var reply = ByteBuffer(repeating: 0, count: 100_000)
        reply.writeImmutableBuffer(stored.encoded())
        reply.moveReaderIndex(forwardBy: 100_000)
        let decoded = try CacheEntry(decoding: reply)
        let hot = try HotEntry(hex: "h", entry: decoded, confirmedAt: 1000, maximumBodyBytes: 1 << 20)
        #expect(!Self.shares(hot.gzipBody, with: reply), "a copy, not a slice of the 100 KB reply")
        #expect(Self.shares(decoded.compressedBody, with: reply), "the check above can fail: the decoded body is a slice")
        let identity = try #require(hot.identityMemory)
        #expect(identity.capacity < 2 * identity.readableBytes)
        // What is held counts (the allocator rounds capacities up), and the fixed costs too.
        #expect(hot.bytes >= hot.gzipBody.capacity + identity.capacity + 6000)
    }

    /// Whether `slice`'s bytes lie inside `buffer`'s storage.
    static func shares(_ slice: ByteBuffer, with buffer: ByteBuffer) -> Bool {
        let start = slice.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        return buffer.withVeryUnsafeBytes { whole in
            let base = UInt(bitPattern: whole.baseAddress)
            return start >= base && start < base + UInt(whole.count)
        }
    }

    @Test func reportsItsSizeOnEveryChange() throws {
        let factory = TestMetrics()
        let cache = HotCache(capacityBytes: 1 << 20, metricsFactory: factory)
        let one = try self.entry("one"), two = try self.entry("two", tag: "hashtag:other")
        cache.insert(one)
        cache.insert(two)
        #expect(try factory.expectGauge("tagpulse_cache_hot_entries").lastValue == 2)
        #expect(try factory.expectGauge("tagpulse_cache_hot_bytes").lastValue == Double(one.bytes + two.bytes))
        cache.remove(tag: "hashtag:other")
        #expect(try factory.expectGauge("tagpulse_cache_hot_entries").lastValue == 1)
        #expect(try factory.expectGauge("tagpulse_cache_hot_bytes").lastValue == Double(one.bytes))
        cache.apply(.subscribed)
        #expect(try factory.expectGauge("tagpulse_cache_hot_entries").lastValue == 0)
        #expect(try factory.expectGauge("tagpulse_cache_hot_bytes").lastValue == 0)
    }

    @Test func staysWithinItsBudgetDroppingTheLeastRecentlyUsed() throws {
        let one = try self.entry("one")
        let cache = HotCache(capacityBytes: one.bytes * 4 + 10)
        for name in ["one", "two", "three", "four"] { cache.insert(try self.entry(name)) }
        #expect(cache.usage.count == 4)
        _ = cache.entry("one")  // used: stays
        cache.insert(try self.entry("five"))
        #expect(cache.usage.bytes <= cache.capacityBytes)
        #expect(cache.entry("one") != nil)
        #expect(cache.entry("five") != nil)
        #expect(cache.entry("two") == nil, "the least recently used went first")
    }

    @Test func anEntryOverAQuarterOfTheBudgetIsNotKept() throws {
        let cache = HotCache(capacityBytes: 8000)
        cache.insert(try self.entry("big", bytes: 3000))
        #expect(cache.usage.count == 0)
        #expect(!HotCache(capacityBytes: 0).isEnabled)
    }

    @Test func noticesDropWhatTheyName() throws {
        let cache = HotCache(capacityBytes: 1 << 20)
        cache.insert(try self.entry("a", tag: "hashtag:skincare"))
        cache.insert(try self.entry("b", tag: "hashtag:skincare"))
        cache.insert(try self.entry("c", tag: "hashtag:airfryer"))
        cache.insert(try self.entry("d", tag: "hashtag:airfryer"))
        cache.apply(.filled(hex: "a"))
        #expect(cache.entry("a") == nil)
        cache.apply(.purgedKey(hex: "d"))
        #expect(cache.entry("d") == nil)
        cache.apply(.purgedTag("hashtag:skincare"))
        #expect(cache.entry("b") == nil)
        #expect(cache.entry("c") != nil)
        cache.apply(.subscribed)
        #expect(cache.usage.count == 0)
        #expect(cache.usage.bytes == 0)
    }

    @Test func aNewVersionReplacesTheOld() throws {
        let cache = HotCache(capacityBytes: 1 << 20)
        cache.insert(try self.entry("a", storedAt: 1000))
        cache.insert(try self.entry("a", storedAt: 2000))
        #expect(cache.usage.count == 1)
        #expect(cache.entry("a")?.head.storedAt == 2000)
    }
}
