import Testing

@testable import TagPulseLocalAnalysis

/// `Tables/learned-sentiment.tsv`, compiled in by the EmbedPlugin, and its parser.
struct LearnedSentimentTableTests {
    static let parameters = ["en", "es", "pt", "fr", "de", "it", "und"]
        .map { "parameters\t\($0)\t0.5\t1\t1\t-1\t0.25\t-1\t1\t-1\n" }.joined()

    @Test func parsesParametersAndSlots() throws {
        let table = try LearnedSentiment.table("# a comment\n" + Self.parameters + "[*]\ngood\t0.5\t-0.25\n[fr]\n¬bon\t-1\t2.5\n")
        #expect(table.parameters.count == LearnedSentiment.domainCount * LearnedSentiment.parameterCount)
        #expect(table.parameters[0] == 0.5 && table.parameters[4] == 0.25)
        #expect(table.entries.count == 2)
        let shared = table.entries[0]
        #expect(shared.slot == 0 && shared.positive == 0.5 && shared.negative == -0.25)
        // French is domain 3 (slot 4); inside a negation the slot is shifted by domainCount + 1.
        let negated = table.entries[1]
        #expect(negated.slot == 4 + LearnedSentiment.domainCount + 1 && negated.positive == -1 && negated.negative == 2.5)
        #expect(negated.keyHash == KeyHash.hash("bon"))
    }

    @Test func rejectsBrokenTables() {
        #expect(throws: LearnedSentiment.InvalidTable.self) { try LearnedSentiment.table("[*]\ngood\t0.5\t0.1\n") }
        #expect(throws: LearnedSentiment.InvalidTable.self) { try LearnedSentiment.table(Self.parameters + "[xx]\n") }
        #expect(throws: LearnedSentiment.InvalidTable.self) { try LearnedSentiment.table(Self.parameters + "[*]\ngood\n") }
        #expect(throws: LearnedSentiment.InvalidTable.self) { try LearnedSentiment.table("parameters\ten\t1\n") }
    }

    @Test func theEmbeddedTableIsComplete() {
        let table = LearnedSentiment.embeddedTable
        #expect(table.entries.count > 20_000)
        #expect(table.parameters.allSatisfy { !$0.isNaN })
    }
}
