import NIOCore
import TagPulseAccess
import TagPulseWire

extension UsageRecorder {
    /// One analysis request answered for `account`: a request, and what kind of answer it was. `hit`: from the
    /// response's `Cache-Status` (``hitKind(_:)``); `refused`: a rate-limit window's 429; `bodyBytes`: the answer's
    /// body, a problem document included (0 for 304s).
    func recordAnswer(_ account: UsageAccount, hit: HitKind, refused: Bool, bodyBytes: Int) {
        var change = UsageCounts()
        change.requests = 1
        if refused { change.refused = 1 }
        switch hit {
        case .fresh: change.hitsFresh = 1
        case .stale: change.hitsStale = 1
        case .none: break
        }
        change.bytesOut = Int64(bodyBytes)
        self.add(change, to: account)
    }

    /// One analysis sent to the engine for `account` (nil: no key behind it, not counted), with the upstream cost its
    /// result reports in `metadata.usage` (`result` nil: the call failed; it still counts as an engine call).
    func recordEngineCall(_ account: UsageAccount?, result: ByteBuffer?) {
        guard let account else { return }
        var change = UsageCounts()
        change.engineCalls = 1
        if let result, let usage = AnalysisUsage.find(inResult: result) {
            change.upstreamCalls = Int64(usage.upstreamCalls)
            change.openAIPromptTokens = Int64(usage.openAIPromptTokens)
            change.openAICompletionTokens = Int64(usage.openAICompletionTokens)
        }
        self.add(change, to: account)
    }

    enum HitKind: Equatable {
        case fresh, stale, none
    }

    /// `TagPulse; hit; …` is a hit (stale with `detail=stale-while-revalidate`; a `collapsed` wait for another
    /// request's engine call is a fresh hit); `fwd=…; detail=stale-if-error` served a stale entry; any other
    /// forward called the engine (counted as an engine call where it was made).
    static func hitKind(_ cacheStatus: String) -> HitKind {
        if cacheStatus.contains("detail=stale-") { return .stale }
        return cacheStatus.contains("; hit") ? .fresh : .none
    }
}
