import TagPulseLocalAnalysis

/// One `tagpulse classify` output line, `{"sentiment":…,"purchase_intent":…,"theme":…,"confidence":…,"language":…}`,
/// written from fragments prepared once: the bytes are the same as formatting each field (the confidence exactly as
/// `"\(confidence)"` prints it), without building a string per line.
struct ClassificationLine: Sendable {
    /// `{"sentiment":"S","purchase_intent":"P","theme":"` for each sentiment and intent.
    private let heads: [[UInt8]]
    private let themes: [Fragment]
    private let languages: [Fragment]
    /// The text of `k / 1000` for k in 0...1000 (a confidence is rounded to 3 decimals).
    private let confidences: [[UInt8]]

    init() {
        var heads = [[UInt8]](repeating: [], count: Sentiment.allCases.count * PurchaseIntent.allCases.count)
        for sentiment in Sentiment.allCases {
            for intent in PurchaseIntent.allCases {
                heads[Self.headIndex(sentiment, intent)] =
                    Array(#"{"sentiment":"\#(sentiment.rawValue)","purchase_intent":"\#(intent.rawValue)","theme":""#.utf8)
            }
        }
        self.heads = heads
        self.themes = ThemeTaxonomy.labels.map { Fragment(key: $0, bytes: Self.themeField($0)) }
        self.languages = LocalAnalyzer.languageCodes.map { Fragment(key: $0, bytes: Self.languageField($0)) }
        self.confidences = (0...1000).map { Array("\(Double($0) / 1000)".utf8) }
    }

    /// Appends the line for `result`, newline included.
    func append(_ result: TextClassification, to out: inout [UInt8]) {
        out.append(contentsOf: heads[Self.headIndex(result.sentiment, result.purchaseIntent)])
        out.append(contentsOf: Self.find(result.theme, in: themes) ?? Self.themeField(result.theme))
        let scaled = (result.confidence * 1000).rounded()
        if scaled >= 0 && scaled <= 1000, (Double(Int(scaled)) / 1000).bitPattern == result.confidence.bitPattern {
            out.append(contentsOf: confidences[Int(scaled)])
        } else {
            out.append(contentsOf: "\(result.confidence)".utf8)
        }
        out.append(contentsOf: Self.find(result.language, in: languages) ?? Self.languageField(result.language))
    }

    /// Where the head of a sentiment and intent is (a switch: `allCases` would build an array per call).
    @inline(__always)
    private static func headIndex(_ sentiment: Sentiment, _ intent: PurchaseIntent) -> Int {
        let row =
            switch sentiment {
            case .positive: 0
            case .negative: 1
            case .neutral: 2
            }
        let column =
            switch intent {
            case .high: 0
            case .medium: 1
            case .low: 2
            case .none: 3
            }
        return row * 4 + column
    }

    /// A field's bytes for one of a few known values.
    private struct Fragment: Sendable {
        let key: String
        let length: Int
        let bytes: [UInt8]

        init(key: String, bytes: [UInt8]) {
            self.key = key
            self.length = key.utf8.count
            self.bytes = bytes
        }
    }

    /// A linear search on length, then `==`: for 15 themes or 7 language codes cheaper than hashing the string.
    @inline(__always)
    private static func find(_ key: String, in fragments: [Fragment]) -> [UInt8]? {
        let length = key.utf8.count
        for fragment in fragments where fragment.length == length && fragment.key == key { return fragment.bytes }
        return nil
    }

    /// `THEME","confidence":` (a theme label is plain text: no character JSON would escape).
    private static func themeField(_ theme: String) -> [UInt8] { Array(#"\#(theme)","confidence":"#.utf8) }

    private static func languageField(_ code: String) -> [UInt8] { Array(#","language":"\#(code)"}"#.utf8) + [0x0A] }
}
