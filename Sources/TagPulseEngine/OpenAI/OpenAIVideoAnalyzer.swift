import Foundation
import TagPulseHTTPClient
import TagPulseLocalAnalysis
import TagPulseWire

/// The OpenAI analyzer: one structured-output call per batch of at most `commentsPerCall` comments (so answers fit
/// the output budget), attribution by comment id, enums enforced, confidence clamped, quotes cut at a word
/// boundary. An item naming an id that was not sent, with a label outside its enum, or whose quote does not occur in
/// the text it cites (``QuoteVerifier``) is dropped and counted in ``VideoAnalysis/rejectedQuotes``. Refusals, truncated or invalid answers fail the
/// video with `ANALYSIS_FAILED`; the pipeline reports it in `failed_videos`.
struct OpenAIVideoAnalyzer: VideoAnalyzer {
    let configuration: OpenAIConfiguration
    let caller: UpstreamCaller

    var name: String { "openai" }

    func model(for params: AnalysisParams) -> String { params.model ?? self.configuration.defaultModel }

    func validate(_ params: AnalysisParams) throws(WireError) {
        guard self.configuration.allowedModels.contains(self.model(for: params)) else {
            throw WireError.invalidParams("model must be one of \(self.configuration.allowedModels.joined(separator: ", "))")
        }
    }

    func analyze(video: Video, comments: [Comment], params: AnalysisParams) async throws -> VideoAnalysis {
        let model = self.model(for: params)
        guard !comments.isEmpty || !video.caption.isEmpty else { return VideoAnalysis(quotes: [], calls: 0) }
        let size = max(1, self.configuration.commentsPerCall)
        let batches =
            comments.isEmpty ? [[]] : stride(from: 0, to: comments.count, by: size).map { Array(comments[$0..<min($0 + size, comments.count)]) }
        // A video's batches go out together (a few at a time); answers keep the batches' order.
        let numbered = Array(batches.enumerated())
        let answers = try await boundedMap(numbered, concurrency: self.configuration.parallelCallsPerVideo) { index, batch in
            try await self.analyze(batch: batch, of: video, includeCaption: index == 0, model: model, params: params)
        }
        return VideoAnalysis(
            quotes: answers.flatMap(\.quotes),
            calls: batches.count,
            rejectedQuotes: answers.reduce(0) { $0 + $1.rejected }
        )
    }

    private func analyze(batch: [Comment], of video: Video, includeCaption: Bool, model: String, params: AnalysisParams) async throws
        -> (quotes: [AnalyzedQuote], rejected: Int)
    {
        let request = OpenAIChatRequest(
            model: model,
            messages: [
                .init(role: "system", content: OpenAIPrompt.system(maxQuoteLength: params.maxQuoteLength)),
                .init(
                    role: "user",
                    content: OpenAIPrompt.user(video: video, comments: batch, criteria: params.prompt, includeCaption: includeCaption)
                ),
            ],
            maxCompletionTokens: self.configuration.maxOutputTokens
        )
        let body = try JSONEncoder().encode(request)
        let response = try await self.caller.call(
            UpstreamHTTPRequest(
                method: .post,
                url: self.configuration.baseURL + "/chat/completions",
                headers: [("Authorization", "Bearer \(self.configuration.apiKey)"), ("Content-Type", "application/json")],
                body: Array(body),
                timeout: self.configuration.callTimeout
            )
        )
        guard (200..<300).contains(response.status) else {
            let reason = response.status == 401 || response.status == 403 ? "refused the configured credentials" : "refused the request"
            throw WireError(code: .analysisFailed, message: "the OpenAI upstream \(reason) (HTTP \(response.status))")
        }
        let decoded = try? JSONDecoder().decode(OpenAIChatResponse.self, from: Data(response.body))
        // Tokens are billed whatever the answer turns out to be worth: counted before it is checked.
        if let usage = decoded?.usage {
            UsageTally.current?.recordTokens(prompt: usage.promptTokens ?? 0, completion: usage.completionTokens ?? 0)
        }
        guard let choice = decoded?.choices.first else {
            throw WireError(code: .analysisFailed, message: "the OpenAI upstream answered something unreadable")
        }
        if choice.message.refusal != nil {
            throw WireError(code: .analysisFailed, message: "the model refused to analyse this video")
        }
        guard choice.finishReason != "length" else {
            throw WireError(code: .analysisFailed, message: "the model's answer was cut off by the output token budget")
        }
        guard let content = choice.message.content, let batchAnswer = try? JSONDecoder().decode(OpenAIAnalysisBatch.self, from: Data(content.utf8))
        else {
            throw WireError(code: .analysisFailed, message: "the model's answer did not match the schema")
        }
        let texts = Dictionary(batch.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        let quotes = batchAnswer.analyses.compactMap { item -> AnalyzedQuote? in
            let isCaption = item.sourceID == "caption"
            guard let cited = isCaption ? (includeCaption && !video.caption.isEmpty ? video.caption : nil) : texts[item.sourceID] else {
                return nil
            }
            guard ["positive", "negative", "neutral"].contains(item.sentiment), ["high", "medium", "low", "none"].contains(item.purchaseIntent)
            else { return nil }
            let quote = item.quote.trimmingCharacters(in: .whitespacesAndNewlines)
            guard QuoteVerifier.occurs(quote, in: cited) else { return nil }
            let theme = item.theme.trimmingCharacters(in: .whitespacesAndNewlines)
            return AnalyzedQuote(
                commentID: isCaption ? nil : item.sourceID,
                quote: LocalAnalyzer.quote(quote, maxLength: params.maxQuoteLength),
                sentiment: item.sentiment,
                theme: theme.isEmpty ? "other" : String(theme.prefix(200)),
                purchaseIntent: item.purchaseIntent,
                confidence: (min(1, max(0, item.confidence.isFinite ? item.confidence : 0)) * 1000).rounded() / 1000
            )
        }
        return (quotes, batchAnswer.analyses.count - quotes.count)
    }
}
