import Foundation
import TagPulseLocalAnalysis

/// `tagpulse relevance`: one `prompt<TAB>text` pair per input line, one JSON object per output line with the
/// text's relevance to the prompt, whether it is kept, and what was understood of the prompt (the analyzer's
/// ``PromptFocus``). For the relevance benchmark (`bench/analyzer`) and for trying prompts out.
public enum RelevanceLines {
    /// Scores every line of `input`; a line without a tab is a text scored against an empty prompt.
    public static func run(_ input: String) -> String {
        let analyzer = LocalAnalyzer()
        var focuses: [String: PromptFocus] = [:]
        var workspace = LocalAnalyzer.Workspace()
        var out = ""
        for line in input.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            let prompt = fields.count == 2 ? String(fields[0]) : ""
            let text = String(fields.count == 2 ? fields[1] : fields[0])
            let focus = focuses[prompt] ?? PromptFocus(prompt: prompt)
            focuses[prompt] = focus
            let reading = analyzer.read(text, workspace: &workspace)
            let relevance = analyzer.relevance(of: reading, to: focus)
            let object: [String: Any] = [
                "relevance": relevance,
                "relevant": relevance >= LocalAnalyzer.relevanceThreshold,
                "aspects": focus.aspects.map(\.rawValue),
                "keywords": focus.keywords,
                "general_opinion": focus.isGeneralOpinion,
                "comment_aspects": reading.aspects.map(\.rawValue),
                "theme": reading.classification.theme,
                "purchase_intent": reading.classification.purchaseIntent.rawValue,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            out += String(decoding: data, as: UTF8.self) + "\n"
        }
        return out
    }
}
