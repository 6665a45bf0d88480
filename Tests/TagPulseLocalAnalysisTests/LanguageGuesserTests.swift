import TagPulseLocalAnalysis
import Testing

@Suite("LanguageGuesser")
struct LanguageGuesserTests {
    let analyzer = LocalAnalyzer()

    @Test(arguments: [
        ("I really love the texture of this one", "en"),
        ("me encanta, ¿dónde lo compraste?", "es"),
        ("não sei se vale a pena, mas eu amei", "pt"),
        ("je ne sais pas si c'est vraiment bien", "fr"),
        ("ich weiß nicht, ob das wirklich gut ist", "de"),
        ("non so se è davvero bello, ma mi piace", "it"),
        ("😍😍😍", "und"),
        ("", "und"),
    ])
    func guessesLanguage(text: String, expected: String) {
        #expect(analyzer.classify(text).language == expected, "\(text)")
    }
}
