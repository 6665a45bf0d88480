import Synchronization
import TagPulseWire

/// What one analysis cost upstream, counted as it runs: every upstream call attempt sent (``UpstreamCaller``) and the
/// OpenAI tokens the API reported (``OpenAIVideoAnalyzer``). The pipeline sets ``current`` for the analysis' task and
/// its child tasks, and reports the total in `metadata.usage`.
final class UsageTally: Sendable {
    @TaskLocal static var current: UsageTally?

    private let counts = Mutex(AnalysisUsage())

    func recordUpstreamCall() {
        self.counts.withLock { $0.upstreamCalls += 1 }
    }

    func recordTokens(prompt: Int, completion: Int) {
        self.counts.withLock {
            $0.openAIPromptTokens += max(0, prompt)
            $0.openAICompletionTokens += max(0, completion)
        }
    }

    var usage: AnalysisUsage { self.counts.withLock { $0 } }
}
