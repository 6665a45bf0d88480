import TagPulseLocalAnalysis
import Testing

@Suite("Sentiment")
struct SentimentTests {
    let analyzer = LocalAnalyzer()

    func score(_ text: String) -> Double { analyzer.classify(text).sentimentScore }
    func sentiment(_ text: String) -> Sentiment { analyzer.classify(text).sentiment }

    @Test func basicPolarity() {
        #expect(sentiment("I love this, it's amazing") == .positive)
        #expect(sentiment("this is terrible, worst purchase ever") == .negative)
        #expect(sentiment("the package is on the table") == .neutral)
        #expect(sentiment("") == .neutral)
    }

    @Test func scoreStaysInRange() {
        for text in ["LOVE LOVE LOVE 😍😍😍!!!!", "hate hate worst awful 🤮🤮🤮!!!!", "ok", "😭"] {
            let s = score(text)
            #expect(s >= -1 && s <= 1)
        }
    }

    @Test func negationFlips() {
        #expect(sentiment("this is good") == .positive)
        #expect(sentiment("this is not good") == .negative)
        #expect(sentiment("not bad at all") == .positive)
        #expect(sentiment("I don't like it") == .negative)
        #expect(sentiment("never happy with this") == .negative)
        #expect(sentiment("no es bueno") == .negative)
        #expect(sentiment("não é bom") == .negative)
        #expect(sentiment("ce n'est pas bon") == .negative)
        #expect(sentiment("j'aime pas") == .negative)
        #expect(sentiment("das ist nicht gut") == .negative)
        #expect(sentiment("non è bello") == .negative)
    }

    /// An emoji is the writer's own feeling: a negation before it ("still nothing 😡") does not flip it.
    @Test func negationDoesNotFlipEmoji() {
        #expect(sentiment("still nothing 😡") == .negative)
        #expect(sentiment("ordered 2 weeks ago and still nothing 😡😡") == .negative)
        #expect(sentiment("never thought I'd like it 😍") == .positive)
        #expect(score("not 😍") > 0)
    }

    @Test func intensifiersAndDiminishers() {
        #expect(score("this is very good") > score("this is good"))
        #expect(score("this is sooo good") > score("this is good"))
        #expect(score("this is kinda good") < score("this is good"))
        #expect(score("this is a bit good") < score("this is good"))
        #expect(score("es muy bueno") > score("es bueno"))
        #expect(score("é muito bom") > score("é bom"))
        #expect(score("c'est très bon") > score("c'est bon"))
        #expect(score("das ist sehr gut") > score("das ist gut"))
        #expect(score("è molto bello") > score("è bello"))
    }

    @Test func emphasis() {
        #expect(score("this is GREAT honestly") > score("this is great honestly"))
        #expect(score("this is great!!!") > score("this is great"))
        #expect(score("this is baaaad") < score("this is bad"))
    }

    @Test func butWeighsTheLaterClause() {
        #expect(sentiment("the color is nice but the quality is terrible") == .negative)
        #expect(sentiment("shipping was slow but I love it") == .positive)
        #expect(sentiment("es caro pero me encanta") == .positive)
    }

    @Test func emojiOnly() {
        #expect(sentiment("😍😍😍") == .positive)
        #expect(sentiment("🔥🔥") == .positive)
        #expect(sentiment("👍") == .positive)
        #expect(sentiment("🤮") == .negative)
        #expect(sentiment("😡👎") == .negative)
        #expect(sentiment("💔") == .negative)
        #expect(sentiment("❤️") == .positive)
        #expect(abs(score("😭")) < abs(score("😡")))
    }

    @Test func slang() {
        #expect(sentiment("she ate") == .positive)
        #expect(sentiment("this slays no cap") == .positive)
        #expect(sentiment("goated product fr") == .positive)
        #expect(sentiment("obsessed with this") == .positive)
        #expect(sentiment("it's giving luxury") == .positive)
        #expect(sentiment("honestly mid") == .negative)
        #expect(sentiment("total flop, trash") == .negative)
    }

    @Test(arguments: [
        ("me encanta, es precioso", Sentiment.positive), ("qué asco, es horrible", .negative),
        ("amei, ficou lindo demais", .positive), ("que ruim, péssimo produto", .negative),
        ("j'adore, c'est magnifique", .positive), ("c'est nul, vraiment décevant", .negative),
        ("Ich liebe es, einfach toll", .positive), ("total schlecht und enttäuschend", .negative),
        ("che bello, lo adoro", .positive), ("che schifo, pessimo", .negative),
    ])
    func languageBasics(text: String, expected: Sentiment) {
        #expect(sentiment(text) == expected, "\(text)")
    }
}
