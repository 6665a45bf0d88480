/// One comment read once by ``LocalAnalyzer/read(_:workspace:)``: its classification and what relevance to any
/// prompt needs (the stems of its words, the aspects it speaks of), so cleaning, relevance and the item it becomes
/// share one classification.
public struct CommentReading: Sendable, Equatable {
    public var classification: TextClassification
    /// Stem hashes (``WordStem``) of the words, in order.
    var stems: [UInt64]
    /// The aspects whose cues occur in the text (``PromptAspect/bit``).
    var aspectMask: UInt32
    /// The text ends with a question ("price? 😍", "is it oven safe?"): asks, does not give an opinion.
    var isQuestion: Bool

    /// The aspects the comment speaks of, by their cues.
    public var aspects: [PromptAspect] { PromptAspect.allCases.filter { self.aspectMask & $0.bit != 0 } }
}
