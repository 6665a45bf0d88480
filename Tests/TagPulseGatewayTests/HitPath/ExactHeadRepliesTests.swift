import NIOCore
import TagPulseCache
import TagPulseRedis
import Testing

@testable import TagPulseGateway

/// ``ExactHeadReplies``: the same replies give the head they gave before; any other reply (a refill, a purge mark) is
/// decoded, so a memo never hides a purge or a new version.
@Suite("ExactHeadReplies")
struct ExactHeadRepliesTests {
    static func entry(storedAt: Int64) throws -> CacheEntry {
        try CacheEntry(
            status: 200,
            body: ByteBuffer(string: #"{"quote":"love it"}"#),
            contentType: "application/json",
            tags: ["hashtag:skincare"],
            storedAt: storedAt,
            lifetimes: .defaultPositive
        )
    }

    /// The entry's first bytes as `GETRANGE … 0 127` returns them.
    static func getrange(_ entry: CacheEntry) -> RESPValue {
        let bytes = entry.encoded()
        return .bulkString(bytes.getSlice(at: bytes.readerIndex, length: min(CacheEntryHead.prefixBytes, bytes.readableBytes)))
    }

    /// `HMGET <marker> soft hard` replies: none set, or a hard purge at `hard`.
    static func marks(hard: Int64? = nil) -> [RESPValue] {
        let none: RESPValue = .array([.bulkString(nil), .bulkString(nil)])
        guard let hard else { return [none, none] }
        return [none, .array([.bulkString(nil), .bulkString(ByteBuffer(string: String(hard)))])]
    }

    @Test func theSameRepliesGiveTheSameHeadAsADecode() throws {
        let heads = ExactHeadReplies()
        let reply = Self.getrange(try Self.entry(storedAt: 1_000))
        let expected = try CacheStore.head(from: reply, marks: Self.marks())
        let first = try heads.head("k", reply: reply, marks: Self.marks()[...])
        let again = try heads.head("k", reply: reply, marks: Self.marks()[...])
        #expect(first == expected && again == expected)
        #expect(expected?.storedAt == 1_000)
        #expect(heads.count == 1)
    }

    @Test func aHardPurgeMarkIsNeverHiddenByTheLastHead() throws {
        let heads = ExactHeadReplies()
        let reply = Self.getrange(try Self.entry(storedAt: 1_000))
        #expect(try heads.head("k", reply: reply, marks: Self.marks()[...]) != nil)
        #expect(try heads.head("k", reply: reply, marks: Self.marks(hard: 2_000)[...]) == nil, "purged after it was stored")
        #expect(try heads.head("k", reply: reply, marks: Self.marks()[...]) != nil)
    }

    @Test func aRefilledEntryIsItsNewHeadAndKeysAreApart() throws {
        let heads = ExactHeadReplies()
        let old = Self.getrange(try Self.entry(storedAt: 1_000))
        let new = Self.getrange(try Self.entry(storedAt: 5_000))
        #expect(try heads.head("k", reply: old, marks: Self.marks()[...])?.storedAt == 1_000)
        #expect(try heads.head("k", reply: new, marks: Self.marks()[...])?.storedAt == 5_000)
        #expect(try heads.head("other", reply: old, marks: Self.marks()[...])?.storedAt == 1_000)
        #expect(try heads.head("k", reply: .bulkString(nil), marks: Self.marks()[...]) == nil, "gone")
    }

    @Test func anErrorReplyThrowsAndIsNotKept() throws {
        let heads = ExactHeadReplies()
        #expect(throws: RedisClientError.self) { try heads.head("k", reply: .error("ERR boom"), marks: Self.marks()[...]) }
        #expect(heads.count == 0)
    }

    @Test func theTableIsBounded() throws {
        let heads = ExactHeadReplies(limit: 4)
        let reply = Self.getrange(try Self.entry(storedAt: 1_000))
        for index in 0..<10 { _ = try heads.head("k\(index)", reply: reply, marks: Self.marks()[...]) }
        #expect(heads.count == 4)
    }
}
