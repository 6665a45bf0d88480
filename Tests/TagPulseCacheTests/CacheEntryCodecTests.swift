import NIOCore
import TagPulseTestSupport
import Testing

@testable import TagPulseCache

@Suite struct CacheEntryCodecTests {
    static func sample(softPurged: Bool = false, tags: [String] = ["hashtag:café", "account:chef.marco"]) throws -> CacheEntry {
        var entry = try CacheEntry(
            status: 200,
            body: ByteBuffer(string: String(repeating: #"{"quote":"love it","sentiment":"positive"}"#, count: 20)),
            contentType: "application/json; charset=utf-8",
            tags: tags,
            storedAt: 1_759_276_800_000,
            lifetimes: .defaultPositive
        )
        if softPurged { entry.softPurge(at: 1_759_276_900_000) }
        return entry
    }

    @Test(arguments: [false, true])
    func roundTrips(softPurged: Bool) throws {
        let entry = try Self.sample(softPurged: softPurged)
        let decoded = try CacheEntry(decoding: entry.encoded())
        #expect(decoded == entry)
        #expect(try decoded.body() == entry.body())
        #expect(decoded.staleAfter == (softPurged ? 1_759_276_900_000 : nil))
    }

    @Test func roundTripsEdgeValues() throws {
        let negative = try CacheEntry(
            status: 404,
            body: ByteBuffer(),
            contentType: "",
            tags: [],
            storedAt: -1,
            lifetimes: .defaultNegative
        )
        #expect(try CacheEntry(decoding: negative.encoded()) == negative)
        let manyTags = try Self.sample(tags: (0..<255).map { "hashtag:tag\($0)" })
        #expect(try CacheEntry(decoding: manyTags.encoded()) == manyTags)
    }

    @Test func theLayoutIsAsDocumented() throws {
        let entry = try Self.sample()
        let bytes = Array(entry.encoded().readableBytesView)
        #expect(bytes[0] == 1, "format version")
        #expect(bytes[1] == 0, "no flags")
        #expect(Array(bytes[2..<4]) == [0x00, 0xC8], "status 200, big-endian")
        #expect(Array(bytes[4..<12]) == [0x00, 0x00, 0x01, 0x99, 0x9D, 0x11, 0x98, 0x00], "stored_at 1759276800000")
        #expect(Array(bytes[12..<20]) == [0, 0, 0, 0, 0, 0x0D, 0xBB, 0xA0], "fresh 900000 ms")
        #expect(bytes[36] == 34, "etag length: 32 hex digits and two quotes")
        #expect(bytes.count == 36 + 1 + 34 + 1 + 31 + 1 + 2 + 13 + 2 + 18 + 4 + 4 + entry.compressedBody.readableBytes)
        let purged = Array(try Self.sample(softPurged: true).encoded().readableBytesView)
        #expect(purged[1] == 1, "stale_after flag")
        #expect(purged.count == bytes.count + 8)
    }

    @Test func everyTruncationIsATypedError() throws {
        let bytes = Array(try Self.sample(softPurged: true).encoded().readableBytesView)
        for length in 0..<bytes.count {
            #expect(throws: CacheEntryError(.truncated, "")) { try CacheEntry(decoding: ByteBuffer(bytes: bytes.prefix(length))) }
        }
    }

    @Test func invalidValuesAreMalformed() throws {
        let bytes = Array(try Self.sample().encoded().readableBytesView)
        func decode(_ edit: (inout [UInt8]) -> Void) throws -> CacheEntry {
            var copy = bytes
            edit(&copy)
            return try CacheEntry(decoding: ByteBuffer(bytes: copy))
        }
        #expect(throws: CacheEntryError(.unsupportedVersion, "")) { try decode { $0[0] = 2 } }
        #expect(throws: CacheEntryError(.unsupportedVersion, "")) { try decode { $0[0] = 0 } }
        #expect(throws: CacheEntryError(.malformed, "")) { try decode { $0[1] = 0b10 } }
        #expect(throws: CacheEntryError(.malformed, "")) { try decode { $0[2...3] = [0, 0] } }
        #expect(throws: CacheEntryError(.malformed, "")) { try decode { $0[2...3] = [0xFF, 0xFF] } }
        #expect(throws: CacheEntryError(.malformed, "")) { try decode { $0[12] = 0x80 } }  // negative fresh lifetime
        #expect(throws: CacheEntryError(.malformed, "")) { try decode { $0[37] = 0x20 } }  // a space in the etag
        #expect(throws: CacheEntryError(.malformed, "")) { try decode { $0[37 + 34 + 1] = 0xFF } }  // content type not UTF-8
        #expect(throws: CacheEntryError(.malformed, "")) { try decode { $0.append(0) } }  // trailing byte
        // A body length far beyond the bytes present: refused before anything is allocated for it.
        let compressedLengthAt = bytes.count - (try Self.sample()).compressedBody.readableBytes - 4
        #expect(throws: CacheEntryError(.truncated, "")) {
            try decode { $0[compressedLengthAt..<compressedLengthAt + 4] = [0xFF, 0xFF, 0xFF, 0xFF] }
        }
    }

    @Test func randomBytesNeverTrap() throws {
        var random = SeededGenerator(seed: 2024)
        for _ in 0..<5000 {
            var bytes = random.bytes(Int.random(in: 0...160, using: &random))
            if Bool.random(using: &random), !bytes.isEmpty { bytes[0] = CacheEntry.formatVersion }
            Self.decodeAndCheck(bytes)
        }
    }

    @Test func mutatedEntriesNeverTrap() throws {
        let valid = Array(try Self.sample(softPurged: true).encoded().readableBytesView)
        var random = SeededGenerator(seed: 31337)
        for _ in 0..<5000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                default: bytes.remove(at: index)
                }
                if bytes.isEmpty { break }
            }
            Self.decodeAndCheck(bytes)
        }
    }

    /// Decoding either fails with a ``CacheEntryError`` or gives an entry that encodes back to the same bytes and
    /// whose body inflates or fails with a ``GzipError``.
    static func decodeAndCheck(_ bytes: [UInt8]) {
        let entry: CacheEntry
        do {
            entry = try CacheEntry(decoding: ByteBuffer(bytes: bytes))
        } catch {
            return  // typed: CacheEntryError is the only thing init(decoding:) can throw
        }
        #expect(Array(entry.encoded().readableBytesView) == bytes, "the encoding is canonical")
        _ = try? entry.body(maximumBytes: 1 << 20)
    }
}

/// The head alone, from the first bytes of an encoded entry (what a hit reads with `GETRANGE`).
@Suite("CacheEntryHead")
struct CacheEntryHeadTests {
    @Test func thePrefixHoldsTheWholeHeadWhateverTheBody() throws {
        for size in [0, 10, 100_000] {
            var entry = try CacheEntry(
                status: 200,
                body: ByteBuffer(string: String(repeating: "x", count: size)),
                tags: ["hashtag:skincare"],
                storedAt: 1_764_000_000_000,
                lifetimes: .defaultPositive
            )
            entry.softPurge(at: 1_764_000_000_500)
            let encoded = entry.encoded()
            let prefix = encoded.getSlice(at: 0, length: min(encoded.readableBytes, CacheEntryHead.prefixBytes))!
            let head = try CacheEntryHead(decodingPrefix: prefix)
            #expect(head == entry.head)
            #expect(head.isSameVersion(as: entry.head.unpurged))
            #expect(head.unpurged.staleAfter == nil)
        }
    }

    @Test func aTruncatedOrForeignPrefixIsAnError() {
        #expect(throws: CacheEntryError.self) { try CacheEntryHead(decodingPrefix: ByteBuffer(bytes: [1, 0, 0])) }
        #expect(throws: CacheEntryError.self) { try CacheEntryHead(decodingPrefix: ByteBuffer(string: "not an entry")) }
    }

    @Test func purgeMarksApplyToTheHeadAsToTheEntry() throws {
        let entry = try CacheEntry(status: 200, body: ByteBuffer(string: "{}"), tags: [], storedAt: 1000, lifetimes: .defaultPositive)
        #expect(PurgeMarks(hard: 1000).apply(to: entry.head) == nil)
        #expect(PurgeMarks(hard: 999).apply(to: entry.head) != nil)
        #expect(PurgeMarks(soft: 1500).apply(to: entry.head)?.staleAt == 1500)
        #expect(PurgeMarks(soft: 1500).apply(to: entry.head) == PurgeMarks(soft: 1500).apply(to: entry)?.head)
    }
}
