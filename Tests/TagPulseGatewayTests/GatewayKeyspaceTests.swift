import Foundation
import TagPulseGateway
import TagPulseRedis
import Testing

/// The one map of Redis names (`GatewayKeyspace.families`): every family documented in docs/design-notes.md, built as
/// its pattern says under any prefix, keys used together in one slot, and no name built anywhere else.
struct GatewayKeyspaceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The first column of the "Redis keys" table of docs/design-notes.md.
    static func documentedPatterns() throws -> [String] {
        let notes = try String(contentsOf: Self.repository.appendingPathComponent("docs/design-notes.md"), encoding: .utf8)
        let start = try #require(notes.range(of: "\n## Redis keys"))
        let end = try #require(notes.range(of: "\n## ", range: start.upperBound..<notes.endIndex))
        return notes[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`", maxSplits: 1).first.map(String.init)
        }
    }

    @Test func theFamiliesAreTheDesignNotesTableRowForRow() throws {
        #expect(try Self.documentedPatterns() == GatewayKeyspace.families.map(\.pattern))
    }

    @Test(arguments: ["tp:", "staging:tp:"])
    func everyFamilyIsBuiltAsItsPatternSays(prefix: String) throws {
        let keyspace = GatewayKeyspace(prefix: prefix)
        var seen: Set<String> = []
        for family in GatewayKeyspace.families {
            let key = try #require(family.together(keyspace).first)
            // `<…>` stands for one non-empty part; the rest is literal, the default prefix replaced by this one.
            var expression = "^" + NSRegularExpression.escapedPattern(for: prefix)
            for (index, part) in family.pattern.dropFirst(3).split(separator: "<", omittingEmptySubsequences: false).enumerated() {
                let literal = index == 0 ? part : part.split(separator: ">", maxSplits: 1, omittingEmptySubsequences: false).last ?? ""
                if index > 0 { expression += ".+" }
                expression += NSRegularExpression.escapedPattern(for: String(literal))
            }
            #expect(key.wholeMatch(of: try Regex(expression + "$")) != nil, "\(key) is not \(family.pattern)")
            #expect(seen.insert(key).inserted, "\(key) is also another family's name")
        }
    }

    @Test func keysUsedTogetherShareOneSlotWhateverThePrefix() throws {
        for family in GatewayKeyspace.families {
            let slots = ["tp:", "staging:tp:"].map { prefix in
                Set(family.together(GatewayKeyspace(prefix: prefix)).map(RedisClusterSlot.init(key:)))
            }
            #expect(slots[0].count == 1, "\(family.pattern) with \(family.usedBy) spans \(slots[0].count) slots")
            if family.pattern.contains("{") {
                // A hash-tagged key's slot is its tag's: the prefix does not move it.
                #expect(slots[0] == slots[1], "\(family.pattern) moves with the prefix")
            }
        }
        let scripted = GatewayKeyspace.families.filter { $0.together(GatewayKeyspace()).count > 1 }
        #expect(scripted.map(\.pattern) == ["tp:rl:{<subject>}:<policy>", "tp:cl:{<hash>}"])
    }

    /// Key names come out of the keyspace types only: no other source file appends to the prefix.
    @Test func noSourceFileBuildsANameFromThePrefix() throws {
        let sources = Self.repository.appendingPathComponent("Sources")
        let keyspaces: Set<String> = ["AccessKeyspace.swift", "CacheKeyspace.swift", "GatewayKeyspace.swift"]
        let building = try Regex(#"[pP]refix \+ "|\\\(\w*[pP]refix\)[A-Za-z]"#)
        var files = 0
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator where url.pathExtension == "swift" && !keyspaces.contains(url.lastPathComponent) {
            files += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains(building) {
                Issue.record("\(url.lastPathComponent): builds a Redis name outside the keyspace types: \(line)")
            }
        }
        #expect(files > 100)
    }
}
