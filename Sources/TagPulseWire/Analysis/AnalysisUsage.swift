import Foundation
import NIOCore
import NIOFoundationCompat

/// What one analysis cost upstream (`metadata.usage`, additive): the HTTP calls the engine sent to its upstreams
/// (RapidAPI and OpenAI, each retry attempt counted; calls a circuit breaker refused are not sent and not counted)
/// and the OpenAI tokens the API reported in its `usage` field. All zero offline (corpus and local analyzer).
public struct AnalysisUsage: Codable, Sendable, Hashable {
    public var upstreamCalls: Int
    public var openAIPromptTokens: Int
    public var openAICompletionTokens: Int

    public init(upstreamCalls: Int = 0, openAIPromptTokens: Int = 0, openAICompletionTokens: Int = 0) {
        self.upstreamCalls = upstreamCalls
        self.openAIPromptTokens = openAIPromptTokens
        self.openAICompletionTokens = openAICompletionTokens
    }

    enum CodingKeys: String, CodingKey {
        case upstreamCalls = "upstream_calls"
        case openAIPromptTokens = "openai_prompt_tokens"
        case openAICompletionTokens = "openai_completion_tokens"
    }

    /// Reads `metadata.usage` out of an encoded analysis result (the gateway keeps results as the engine wrote them).
    /// nil when the result has none (an engine older than the field) or is not a result.
    public static func find(inResult json: ByteBuffer) -> AnalysisUsage? {
        struct Envelope: Decodable {
            struct Metadata: Decodable { var usage: AnalysisUsage? }
            var metadata: Metadata?
        }
        return (try? JSONDecoder().decode(Envelope.self, from: json))?.metadata?.usage
    }
}
