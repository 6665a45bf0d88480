/// One figure of usage (a field of ``UsageCounts``; its raw value names it in Redis, JSON and CSV).
public enum UsageCounter: String, CaseIterable, Sendable {
    /// Analysis requests answered (any status), by a verified key.
    case requests
    /// Answered from a fresh cache entry (or by waiting for another request's engine call: `collapsed`).
    case hitsFresh = "hits_fresh"
    /// Answered from a stale entry (stale-while-revalidate, stale-if-error).
    case hitsStale = "hits_stale"
    /// Analyses sent to the engine on this account's behalf (misses and refreshes; failed ones included).
    case engineCalls = "engine_calls"
    /// Refused by a rate-limit window (429 `RATE_LIMITED`).
    case refused
    /// Response body bytes of the answers (not of problem documents).
    case bytesOut = "bytes_out"
    /// Upstream HTTP calls the engine made for this account's engine calls (RapidAPI, OpenAI; retries included).
    case upstreamCalls = "upstream_calls"
    /// OpenAI prompt tokens those engine calls used, as the API reported them.
    case openAIPromptTokens = "openai_prompt_tokens"
    /// OpenAI completion tokens those engine calls used.
    case openAICompletionTokens = "openai_completion_tokens"
}

/// The figures of one account over one span (a day, a range), or a change to add to them.
public struct UsageCounts: Sendable, Hashable {
    public var requests: Int64 = 0
    public var hitsFresh: Int64 = 0
    public var hitsStale: Int64 = 0
    public var engineCalls: Int64 = 0
    public var refused: Int64 = 0
    public var bytesOut: Int64 = 0
    public var upstreamCalls: Int64 = 0
    public var openAIPromptTokens: Int64 = 0
    public var openAICompletionTokens: Int64 = 0

    public init() {}

    public subscript(counter: UsageCounter) -> Int64 {
        get {
            switch counter {
            case .requests: self.requests
            case .hitsFresh: self.hitsFresh
            case .hitsStale: self.hitsStale
            case .engineCalls: self.engineCalls
            case .refused: self.refused
            case .bytesOut: self.bytesOut
            case .upstreamCalls: self.upstreamCalls
            case .openAIPromptTokens: self.openAIPromptTokens
            case .openAICompletionTokens: self.openAICompletionTokens
            }
        }
        set {
            switch counter {
            case .requests: self.requests = newValue
            case .hitsFresh: self.hitsFresh = newValue
            case .hitsStale: self.hitsStale = newValue
            case .engineCalls: self.engineCalls = newValue
            case .refused: self.refused = newValue
            case .bytesOut: self.bytesOut = newValue
            case .upstreamCalls: self.upstreamCalls = newValue
            case .openAIPromptTokens: self.openAIPromptTokens = newValue
            case .openAICompletionTokens: self.openAICompletionTokens = newValue
            }
        }
    }

    public var isZero: Bool { self == UsageCounts() }

    /// Cache hits of either kind.
    public var hits: Int64 { self.hitsFresh + self.hitsStale }

    public static func + (lhs: UsageCounts, rhs: UsageCounts) -> UsageCounts {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (lhs: inout UsageCounts, rhs: UsageCounts) {
        lhs.requests &+= rhs.requests
        lhs.hitsFresh &+= rhs.hitsFresh
        lhs.hitsStale &+= rhs.hitsStale
        lhs.engineCalls &+= rhs.engineCalls
        lhs.refused &+= rhs.refused
        lhs.bytesOut &+= rhs.bytesOut
        lhs.upstreamCalls &+= rhs.upstreamCalls
        lhs.openAIPromptTokens &+= rhs.openAIPromptTokens
        lhs.openAICompletionTokens &+= rhs.openAICompletionTokens
    }
}
