/// The parameters of an `analyze.*` call; the same fields as the HTTP body, with `target` holding the
/// normalised hashtag, username or query.
public struct AnalysisParams: Codable, Sendable, Hashable {
    public var target: String
    public var maxPosts: Int
    public var maxCommentsPerPost: Int
    /// The client's analysis criteria (`ai_analysis_prompt`). Data, never instructions to the engine.
    public var prompt: String
    /// The OpenAI model asked for; nil means the engine's configured default.
    public var model: String?
    public var maxQuoteLength: Int

    public init(
        target: String,
        maxPosts: Int = AnalysisLimits.defaultMaxPosts,
        maxCommentsPerPost: Int = AnalysisLimits.defaultMaxCommentsPerPost,
        prompt: String,
        model: String? = nil,
        maxQuoteLength: Int = AnalysisLimits.defaultMaxQuoteLength
    ) {
        self.target = target
        self.maxPosts = maxPosts
        self.maxCommentsPerPost = maxCommentsPerPost
        self.prompt = prompt
        self.model = model
        self.maxQuoteLength = maxQuoteLength
    }

    enum CodingKeys: String, CodingKey {
        case target, model
        case maxPosts = "max_posts"
        case maxCommentsPerPost = "max_comments_per_post"
        case prompt = "ai_analysis_prompt"
        case maxQuoteLength = "max_quote_length"
    }

    /// Absent optional fields take their defaults, as in the HTTP body; `target` and `ai_analysis_prompt` are required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.target = try container.decode(String.self, forKey: .target)
        self.prompt = try container.decode(String.self, forKey: .prompt)
        self.maxPosts = try container.decodeIfPresent(Int.self, forKey: .maxPosts) ?? AnalysisLimits.defaultMaxPosts
        self.maxCommentsPerPost =
            try container.decodeIfPresent(Int.self, forKey: .maxCommentsPerPost) ?? AnalysisLimits.defaultMaxCommentsPerPost
        self.model = try container.decodeIfPresent(String.self, forKey: .model)
        self.maxQuoteLength = try container.decodeIfPresent(Int.self, forKey: .maxQuoteLength) ?? AnalysisLimits.defaultMaxQuoteLength
    }

    /// Checks every field against ``AnalysisLimits`` for `kind`; returns the violations, empty when valid.
    public func violations(for kind: AnalysisKind) -> [FieldViolation] {
        var found: [FieldViolation] = []
        let limits = AnalysisLimits(kind: kind)
        if !limits.maxPosts.contains(self.maxPosts) {
            found.append(.init(field: "max_posts", message: "must be between \(limits.maxPosts.lowerBound) and \(limits.maxPosts.upperBound)"))
        }
        if !AnalysisLimits.maxCommentsPerPost.contains(self.maxCommentsPerPost) {
            found.append(
                .init(
                    field: "max_comments_per_post",
                    message: "must be between \(AnalysisLimits.maxCommentsPerPost.lowerBound) and \(AnalysisLimits.maxCommentsPerPost.upperBound)"
                )
            )
        }
        let promptLength = self.prompt.unicodeScalars.count
        if !AnalysisLimits.promptLength.contains(promptLength) {
            found.append(
                .init(
                    field: "ai_analysis_prompt",
                    message: "must be \(AnalysisLimits.promptLength.lowerBound) to \(AnalysisLimits.promptLength.upperBound) characters"
                )
            )
        }
        if !AnalysisLimits.maxQuoteLength.contains(self.maxQuoteLength) {
            found.append(
                .init(
                    field: "max_quote_length",
                    message: "must be between \(AnalysisLimits.maxQuoteLength.lowerBound) and \(AnalysisLimits.maxQuoteLength.upperBound)"
                )
            )
        }
        if let model = self.model, model.isEmpty || model.unicodeScalars.count > 100 {
            found.append(.init(field: "model", message: "must be 1 to 100 characters"))
        }
        do {
            _ = try TargetNormalizer.normalize(self.target, kind: kind)
        } catch let violation as FieldViolation {
            found.append(violation)
        } catch {
            found.append(.init(field: kind.fieldName, message: "is invalid"))
        }
        return found
    }
}

/// One field that broke a rule: the HTTP layer turns a list of them into a 422.
public struct FieldViolation: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The field's name as the client sent it (`max_posts`, `hashtag`).
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(self.field) \(self.message)" }
}
