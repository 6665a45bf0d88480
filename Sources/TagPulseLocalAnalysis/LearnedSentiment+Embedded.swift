extension LearnedSentiment {
    /// `Tables/learned-sentiment.tsv`, compiled in by the EmbedPlugin (see `embed.list`), parsed once per process.
    static let embeddedTable: Table = {
        do {
            return try table(EmbeddedFiles.learnedSentiment)
        } catch {
            fatalError("Tables/learned-sentiment.tsv: \(error)")
        }
    }()
}
