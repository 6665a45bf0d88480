import NIOCore
import Testing

@testable import TagPulseCache

@Suite struct CacheEntryTests {
    static let storedAt: Int64 = 1_759_276_800_000
    static let lifetimes = CacheLifetimes(
        freshMilliseconds: 15 * 60_000,
        staleWhileRevalidateMilliseconds: 60 * 60_000,
        staleIfErrorMilliseconds: 24 * 60 * 60_000
    )

    static func entry(
        _ body: String = #"{"comment_analyses":[],"metadata":{}}"#,
        status: Int = 200,
        lifetimes: CacheLifetimes = Self.lifetimes
    ) throws -> CacheEntry {
        try CacheEntry(
            status: status,
            body: ByteBuffer(string: body),
            tags: ["hashtag:skincare"],
            storedAt: Self.storedAt,
            lifetimes: lifetimes
        )
    }

    @Test func theETagIsTheQuotedFirstHalfOfTheBodysSHA256() throws {
        // printf hello | sha256sum → 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c…
        #expect(CacheEntry.strongETag(for: ByteBuffer(string: "hello")) == #""2cf24dba5fb0a30e26e83b2ac5b9e29e""#)
        #expect(try Self.entry("hello").etag == #""2cf24dba5fb0a30e26e83b2ac5b9e29e""#)
        #expect(try Self.entry("hello").etag != Self.entry("hello!").etag)
    }

    @Test func theBodyIsStoredCompressedAndComesBack() throws {
        let text = String(repeating: #"{"quote":"love this serum","sentiment":"positive"},"#, count: 200)
        let entry = try Self.entry(text)
        #expect(entry.compressedBody.readableBytesView.prefix(2).elementsEqual([0x1F, 0x8B]))
        #expect(entry.compressedBody.readableBytes < text.utf8.count / 10)
        #expect(entry.bodyLength == text.utf8.count)
        #expect(try entry.body() == ByteBuffer(string: text))
        #expect(try Self.entry("").body() == ByteBuffer())
        #expect(throws: GzipError(.outputLimitExceeded, "")) { try entry.body(maximumBytes: text.utf8.count - 1) }
    }

    @Test func freshnessFollowsTheWindows() throws {
        let entry = try Self.entry()
        let fresh = Self.lifetimes.freshMilliseconds
        let swr = Self.lifetimes.staleWhileRevalidateMilliseconds
        let sie = Self.lifetimes.staleIfErrorMilliseconds
        let t0 = Self.storedAt
        let table: [(now: Int64, expected: CacheFreshness)] = [
            (t0 - 5_000, .fresh(ageMilliseconds: 0)),  // another instance's clock is behind
            (t0, .fresh(ageMilliseconds: 0)),
            (t0 + 1_999, .fresh(ageMilliseconds: 1_999)),
            (t0 + fresh - 1, .fresh(ageMilliseconds: fresh - 1)),
            (t0 + fresh, .staleWhileRevalidate(ageMilliseconds: fresh)),
            (t0 + fresh + swr - 1, .staleWhileRevalidate(ageMilliseconds: fresh + swr - 1)),
            (t0 + fresh + swr, .staleIfError(ageMilliseconds: fresh + swr)),
            (t0 + fresh + sie - 1, .staleIfError(ageMilliseconds: fresh + sie - 1)),
            (t0 + fresh + sie, .expired),
            (.max, .expired),
        ]
        for row in table {
            #expect(entry.state(at: row.now) == row.expected, "at storedAt + \(row.now &- t0) ms")
        }
        #expect(entry.state(at: .min) == .fresh(ageMilliseconds: 0))
    }

    @Test func ageIsReportedInWholeSeconds() throws {
        let entry = try Self.entry()
        #expect(entry.state(at: Self.storedAt + 1_999).ageSeconds == 1)
        #expect(entry.state(at: Self.storedAt + 999).ageSeconds == 0)
        #expect(entry.state(at: Self.storedAt + 20 * 60_000).ageSeconds == 1_200)
        #expect(entry.state(at: .max).ageSeconds == nil)
        #expect(entry.state(at: Self.storedAt).isFresh)
        #expect(!entry.state(at: Self.storedAt + 20 * 60_000).isFresh)
    }

    @Test func aLongerSWRWindowThanSIEIsHonoured() throws {
        let lifetimes = CacheLifetimes(freshMilliseconds: 1_000, staleWhileRevalidateMilliseconds: 10_000, staleIfErrorMilliseconds: 5_000)
        let entry = try Self.entry(lifetimes: lifetimes)
        #expect(entry.state(at: Self.storedAt + 7_000) == .staleWhileRevalidate(ageMilliseconds: 7_000))
        #expect(entry.state(at: Self.storedAt + 11_000) == .expired)
        #expect(entry.redisTTLMilliseconds == 11_000)
    }

    @Test func negativeEntriesLiveSixtySecondsAndAreNeverServedStale() throws {
        let entry = try Self.entry(#"{"type":"urn:tagpulse:problem:target-not-found"}"#, status: 404, lifetimes: .defaultNegative)
        #expect(entry.status == 404)
        #expect(entry.state(at: Self.storedAt + 59_999).isFresh)
        #expect(entry.state(at: Self.storedAt + 60_000) == .expired)
        #expect(entry.redisTTLMilliseconds == 60_000)
    }

    @Test func theRedisTTLCoversFreshAndTheLongerStaleWindow() throws {
        let entry = try Self.entry()
        #expect(entry.redisTTLMilliseconds == 15 * 60_000 + 24 * 60 * 60_000)
        #expect(entry.expiresAt == Self.storedAt + entry.redisTTLMilliseconds)
        #expect(CacheLifetimes.defaultPositive == Self.lifetimes)
        let huge = CacheLifetimes(freshMilliseconds: .max, staleWhileRevalidateMilliseconds: .max, staleIfErrorMilliseconds: 1)
        #expect(huge.retentionMilliseconds == .max)
        #expect(try Self.entry(lifetimes: huge).state(at: .max - 1).isFresh)
        #expect(try Self.entry(lifetimes: huge).expiresAt == .max)
        #expect(CacheLifetimes(freshMilliseconds: -5, staleWhileRevalidateMilliseconds: -1, staleIfErrorMilliseconds: -1).retentionMilliseconds == 0)
    }

    @Test func aSoftPurgeMakesTheEntryStaleButStillServable() throws {
        var entry = try Self.entry()
        let purgedAt = Self.storedAt + 60_000
        entry.softPurge(at: purgedAt)
        #expect(entry.staleAfter == purgedAt)
        #expect(entry.state(at: purgedAt - 1).isFresh)
        #expect(entry.state(at: purgedAt) == .staleWhileRevalidate(ageMilliseconds: 60_000))
        #expect(entry.state(at: purgedAt + 60 * 60_000) == .staleIfError(ageMilliseconds: 61 * 60_000))
        #expect(entry.state(at: purgedAt + 24 * 60 * 60_000) == .expired)
        #expect(entry.remainingFreshMilliseconds(at: purgedAt + 5_000) == -5_000)
        // A later purge does not move the moment; the Redis lifetime is unchanged.
        entry.softPurge(at: purgedAt + 10_000)
        #expect(entry.staleAfter == purgedAt)
        #expect(entry.redisTTLMilliseconds == Self.lifetimes.retentionMilliseconds)
        // A purge after the entry went stale anyway changes nothing about its windows.
        var old = try Self.entry()
        old.softPurge(at: Self.storedAt + 10 * 60 * 60_000)
        #expect(old.staleAt == Self.storedAt + Self.lifetimes.freshMilliseconds)
    }

    @Test func remainingFreshnessFeedsCacheStatusTTL() throws {
        let entry = try Self.entry()
        #expect(entry.remainingFreshMilliseconds(at: Self.storedAt) == 15 * 60_000)
        #expect(entry.remainingFreshMilliseconds(at: Self.storedAt + 16 * 60_000) == -60_000)
        #expect(entry.remainingFreshMilliseconds(at: .min) == .max)
    }

    @Test func fieldsOutsideTheFormatAreRefused() {
        #expect(throws: CacheEntryError(.malformed, "")) { try Self.entry(status: 99) }
        #expect(throws: CacheEntryError(.malformed, "")) { try Self.entry(status: 600) }
        #expect(throws: CacheEntryError(.tooLarge, "")) {
            try CacheEntry(
                status: 200,
                body: ByteBuffer(),
                contentType: String(repeating: "x", count: 256),
                tags: [],
                storedAt: 0,
                lifetimes: .defaultPositive
            )
        }
        #expect(throws: CacheEntryError(.tooLarge, "")) {
            try CacheEntry(status: 200, body: ByteBuffer(), tags: Array(repeating: "t", count: 256), storedAt: 0, lifetimes: .defaultPositive)
        }
        #expect(throws: CacheEntryError(.tooLarge, "")) {
            let tag = String(repeating: "t", count: 65_536)
            return try CacheEntry(status: 200, body: ByteBuffer(), tags: [tag], storedAt: 0, lifetimes: .defaultPositive)
        }
    }
}
