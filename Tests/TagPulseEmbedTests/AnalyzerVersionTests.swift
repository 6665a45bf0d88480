import Foundation
import Testing

@testable import TagPulseLocalAnalysis
@testable import tagpulse_embed

/// `LocalAnalyzer.version` (part of every cache key) is derived from the tables the analyzer was built with, so a
/// retrained table never serves answers cached from the old weights.
struct AnalyzerVersionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func versionIsTheDigestOfTheTablesInTheRepository() throws {
        let list = Self.root.appendingPathComponent("Sources/TagPulseLocalAnalysis/embed.list")
        let manifest = try EmbedManifest(parsing: String(contentsOf: list, encoding: .utf8))
        #expect(manifest.entries.contains { $0.path.hasSuffix("Tables/learned-sentiment.tsv") })
        let digest = EmbedDigest.of(try manifest.files(root: Self.root))
        #expect(LocalAnalyzer.version == "local-\(LocalAnalyzer.rulesVersion).\(digest.prefix(8))")
    }

    @Test func versionChangesWhenATableChanges() throws {
        let path = "Sources/TagPulseLocalAnalysis/Tables/learned-sentiment.tsv"
        let table = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(path)))
        var retrained = table
        let weight = try #require(retrained.lastIndex(of: UInt8(ascii: "1")))
        retrained[weight] = UInt8(ascii: "2")  // one weight's last digit
        let before = LocalAnalyzer.versionString(rules: 4, tablesDigest: EmbedDigest.of([(path, table)]))
        let after = LocalAnalyzer.versionString(rules: 4, tablesDigest: EmbedDigest.of([(path, retrained)]))
        #expect(before != after)
        #expect(before.hasPrefix("local-4.") && before.count == "local-4.".count + 8)
    }
}
