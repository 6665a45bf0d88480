import TagPulseLocalAnalysis
import Testing

/// Misreads seen in real output (issue 17): recommendations, results and purchases that came out negative, mostly
/// because of 😭, which on TikTok marks emphasis or tears of joy. 😭 now strengthens the text's own feeling.
@Suite("Sentiment on TikTok comments")
struct TikTokSentimentTests {
    let analyzer = LocalAnalyzer()

    @Test(arguments: [
        // The three of the issue.
        "this is the one. trust me",
        "my jawline acne is finally gone 😭",
        "just ordered it because of this 😭",
        // Similar, in English.
        "my skin has never looked better 😭",
        "i need this so bad 😭😭",
        "no way this actually worked 😭",
        // Spanish, Portuguese, French, German, Italian.
        "este es el bueno. confía en mí",
        "é esse aqui. confia em mim",
        "c'est le bon. faites-moi confiance",
        "das ist es. vertrau mir",
        "das ist das Richtige. vertrau mir",
        "è quello giusto. fidati",
        "mi acné por fin desapareció 😭",
        "lo acabo de pedir por esto 😭",
        "minha acne finalmente sumiu 😭",
        "acabei de comprar por causa disso 😭",
        "mon acné a enfin disparu 😭",
        "je viens de le commander grâce à toi 😭",
        "meine akne ist endlich weg 😭",
        "hab es gerade deswegen bestellt 😭",
        "la mia acne è finalmente sparita 😭",
        "l'ho appena ordinato grazie a te 😭",
    ])
    func positive(text: String) {
        #expect(analyzer.classify(text).sentiment == .positive, "\(text)")
    }

    @Test(arguments: [
        "this is so sad 😭",
        "i miss him so much 😭",
        "it broke after two days 😭",
        "es horrible, me arrepiento 😭",
        "das ist so schlecht 😭",
    ])
    func negativeStaysNegative(text: String) {
        #expect(analyzer.classify(text).sentiment == .negative, "\(text)")
    }

    /// 😭 strengthens whichever feeling the text has, like "!", and has none of its own.
    @Test func cryingFaceIsEmphasis() {
        let score = { (text: String) in analyzer.classify(text).sentimentScore }
        #expect(score("this is so good 😭") > score("this is so good"))
        #expect(score("this is so sad 😭") < score("this is so sad"))
        #expect(analyzer.classify("😭😭").sentiment == .neutral)
    }
}
