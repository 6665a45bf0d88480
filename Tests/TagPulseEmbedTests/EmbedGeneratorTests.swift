import Testing

@testable import tagpulse_embed

/// The pieces of `tagpulse-embed`, the generator the EmbedPlugin runs at build time.
struct EmbedGeneratorTests {
    @Test func digestChangesWhenAnyByteOrNameChanges() {
        let table = Array("parameters\ten\t0.1\n[*]\ngood\t0.5\t-0.2\n".utf8)
        let base = EmbedDigest.of([("Tables/learned-sentiment.tsv", table)])
        var retrained = table
        retrained[retrained.count - 2] = UInt8(ascii: "3")  // one weight: -0.2 → -0.3
        #expect(base.count == 16)
        #expect(base == EmbedDigest.of([("Tables/learned-sentiment.tsv", table)]), "deterministic")
        #expect(base != EmbedDigest.of([("Tables/learned-sentiment.tsv", retrained)]))
        #expect(base != EmbedDigest.of([("Tables/other.tsv", table)]))
        #expect(base != EmbedDigest.of([("Tables/learned-sentiment.tsv", table + [0x0A])]))
        // Moving bytes from one file to the next changes it too (each file's length is hashed).
        #expect(EmbedDigest.of([("a", [1, 2]), ("b", [3])]) != EmbedDigest.of([("a", [1]), ("b", [2, 3])]))
    }

    @Test func digestOfKnownInput() {
        // FNV-1a 64 of "" is its offset basis; of "a" the published test vector.
        var digest = EmbedDigest()
        #expect(digest.hex == "cbf29ce484222325")
        digest.add(Array("a".utf8))
        #expect(digest.hex == "af63dc4c8601ec8c")
    }

    @Test func literalEscapesWhatSwiftWouldReadDifferently() {
        #expect(SwiftSource.literal("a\"b\\c\n\td") == #""a\"b\\c\n\td""#)
        #expect(SwiftSource.literal("¬ 😭 \u{7}") == #""¬ 😭 \u{7}""#)
        #expect(SwiftSource.literal("\\(x) \"\"\"") == #""\\(x) \"\"\"""#)
    }

    @Test func jsonMinifierKeepsStringsAndOrder() {
        let json = "{\n  \"b\": [1, 2],\n  \"a\": \"x  y \\\" } \"\n}\n"
        #expect(String(decoding: JSONMinifier.minify(Array(json.utf8)), as: UTF8.self) == #"{"b":[1,2],"a":"x  y \" } "}"#)
    }

    @Test func manifestLines() throws {
        let manifest = try EmbedManifest(parsing: "# comment\n\ngcraLua text redis/gcra.lua\napi  json  Sources/openapi.json  # x\n")
        #expect(
            manifest.entries == [
                .init(name: "gcraLua", mode: .text, path: "redis/gcra.lua"),
                .init(name: "api", mode: .json, path: "Sources/openapi.json"),
            ]
        )
        #expect(throws: EmbedManifest.Invalid.self) { try EmbedManifest(parsing: "gcra yaml redis/gcra.lua\n") }
        #expect(throws: EmbedManifest.Invalid.self) { try EmbedManifest(parsing: "9lives text a.txt\n") }
        #expect(throws: EmbedManifest.Invalid.self) { try EmbedManifest(parsing: "name text\n") }
    }
}
