/// What a prompt can ask about, from the theme taxonomy (``ThemeTaxonomy/labels``): the aspects a
/// ``PromptFocus`` holds and ``LocalAnalyzer`` looks for in comments.
public enum PromptAspect: String, Sendable, CaseIterable, Codable {
    case price
    case quality
    case results
    case delivery
    case customerService = "customer_service"
    case comparison
    case recommendation
    case purchaseIntent = "purchase_intent"
    case appearance

    /// The taxonomy label a comment about this aspect usually gets.
    var themeLabel: String {
        switch self {
        case .price: "price & value"
        case .quality: "product quality"
        case .results: "usage & results"
        case .delivery: "shipping & delivery"
        case .customerService: "customer service"
        case .comparison: "comparison"
        case .recommendation: "recommendation"
        case .purchaseIntent: "purchase & availability"
        case .appearance: "appearance & design"
        }
    }

    /// Bit of this aspect in an ``AspectLexicon`` mask.
    var bit: UInt32 { 1 << UInt32(self.index) }

    /// Position in ``allCases``.
    var index: Int {
        switch self {
        case .price: 0
        case .quality: 1
        case .results: 2
        case .delivery: 3
        case .customerService: 4
        case .comparison: 5
        case .recommendation: 6
        case .purchaseIntent: 7
        case .appearance: 8
        }
    }
}
