import Foundation
import TagPulseLocalAnalysis
import Testing

@Suite("LocalAnalyzer")
struct LocalAnalyzerTests {
    let analyzer = LocalAnalyzer()

    // MARK: quote

    @Test func quoteLeavesShortTextUnchanged() {
        #expect(LocalAnalyzer.quote("short text", maxLength: 20) == "short text")
        #expect(LocalAnalyzer.quote("exactly10!", maxLength: 10) == "exactly10!")
        #expect(LocalAnalyzer.quote("", maxLength: 5) == "")
    }

    @Test func quoteCutsAtWordBoundary() {
        let quoted = LocalAnalyzer.quote("the quick brown fox jumps over the lazy dog", maxLength: 20)
        #expect(quoted == "the quick brown fox…")
        #expect(quoted.count <= 20)
        #expect(LocalAnalyzer.quote("I love this serum so much", maxLength: 12) == "I love this…")
    }

    @Test func quoteRespectsMaxLengthInCharacters() {
        let text = "Это очень хороший продукт, всем советую его купить"
        for maxLength in 1...text.count + 2 {
            let quoted = LocalAnalyzer.quote(text, maxLength: maxLength)
            #expect(quoted.count <= maxLength)
            if maxLength >= text.count { #expect(quoted == text) } else { #expect(quoted.hasSuffix("…")) }
        }
        #expect(LocalAnalyzer.quote("anything", maxLength: 0) == "")
    }

    @Test func quoteNeverSplitsEmojiOrGraphemes() {
        let family = "👨‍👩‍👧‍👦"
        let text = "ok \(family)\(family)\(family) 👍🏽👍🏽 café́ done"
        for maxLength in 1...text.count {
            let quoted = LocalAnalyzer.quote(text, maxLength: maxLength)
            #expect(quoted.count <= maxLength)
            // Every Character of the quote (but the ellipsis) is a whole Character of the original.
            let body = quoted.hasSuffix("…") ? String(quoted.dropLast()) : quoted
            #expect(text.hasPrefix(body))
            #expect(body.unicodeScalars.count == text.prefix(body.count).unicodeScalars.count)
        }
        let emojiRun = String(repeating: "😍", count: 30)
        let quoted = LocalAnalyzer.quote(emojiRun, maxLength: 10)
        #expect(quoted == String(repeating: "😍", count: 9) + "…")
    }

    // MARK: relevance

    @Test func relevanceOrdering() {
        let focus = PromptFocus(prompt: "What do people say about the shipping and delivery times?")
        let onTopic = analyzer.relevance(of: "shipping took 3 weeks, delivery times are awful", to: focus)
        let stem = analyzer.relevance(of: "it shipped fast and was delivered on time", to: focus)
        let offTopic = analyzer.relevance(of: "love your hair omg", to: focus)
        #expect(onTopic >= LocalAnalyzer.relevanceThreshold)
        #expect(stem >= LocalAnalyzer.relevanceThreshold)
        #expect(offTopic == 0)
        for value in [onTopic, stem, offTopic] { #expect(value >= 0 && value <= 1) }
    }

    @Test func relevanceUsesPurchaseAndOpinionSignals() {
        let buying = PromptFocus(prompt: "Would viewers buy this lipstick?")
        #expect(analyzer.relevance(of: "just ordered two!", to: buying) > analyzer.relevance(of: "nice video", to: buying))
        let opinion = PromptFocus(prompt: "What do people think?")
        #expect(analyzer.relevance(of: "honestly disgusting", to: opinion) > analyzer.relevance(of: "posted at 5pm", to: opinion))
    }

    @Test func relevanceIgnoresSpam() {
        let focus = PromptFocus(prompt: "What results do people get with the serum?")
        #expect(analyzer.relevance(of: "serum results in bio, check my page", to: focus) == 0)
        #expect(analyzer.relevance(of: "the serum results are great", to: focus) >= LocalAnalyzer.relevanceThreshold)
    }

    // MARK: classification

    @Test func determinism() {
        let texts = [
            "I love this so much!! 😍", "worst thing ever", "où l'acheter ?", "first", "", "link in bio",
            "no es bueno pero me encanta", "das ist nicht schlecht", "🔥🔥🔥", "where can I buy it",
        ]
        let first = texts.map { analyzer.classify($0) }
        for _ in 0..<5 {
            #expect(texts.map { LocalAnalyzer().classify($0) } == first)
        }
    }

    @Test func confidenceGrowsWithEvidence() {
        let weak = analyzer.classify("good")
        let strong = analyzer.classify("Absolutely amazing, I love it, best serum ever, so happy 😍")
        #expect(strong.confidence > weak.confidence)
        for c in [weak.confidence, strong.confidence] {
            #expect(c >= 0 && c <= 1)
            #expect((c * 1000).rounded() / 1000 == c)
        }
    }

    @Test func versionIsSet() {
        #expect(LocalAnalyzer.version.hasPrefix("local-"))
    }

    @Test func classificationRoundTripsThroughJSON() throws {
        let value = analyzer.classify("just bought it, love it")
        #expect(value.purchaseIntent == .high)
        #expect(value.sentiment == .positive)
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(TextClassification.self, from: data) == value)
    }
}
