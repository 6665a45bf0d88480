/// The analysis response body: the original's `{comment_analyses[], metadata{}}`.
public struct AnalysisResult: Codable, Sendable, Hashable {
    public var commentAnalyses: [CommentAnalysis]
    public var metadata: AnalysisMetadata

    public init(commentAnalyses: [CommentAnalysis], metadata: AnalysisMetadata) {
        self.commentAnalyses = commentAnalyses
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case metadata
        case commentAnalyses = "comment_analyses"
    }
}
