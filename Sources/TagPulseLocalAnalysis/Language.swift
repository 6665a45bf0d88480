/// The languages the lexicons cover, in a fixed order (used for deterministic tie-breaking).
enum Language: Int, Sendable, CaseIterable {
    case english, spanish, portuguese, french, german, italian

    /// ISO 639-1 code.
    var code: String {
        switch self {
        case .english: "en"
        case .spanish: "es"
        case .portuguese: "pt"
        case .french: "fr"
        case .german: "de"
        case .italian: "it"
        }
    }

    /// The code used when no language could be guessed.
    static let undeterminedCode = "und"
}
