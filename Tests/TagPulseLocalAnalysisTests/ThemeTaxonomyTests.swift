import TagPulseLocalAnalysis
import Testing

@Suite("ThemeTaxonomy")
struct ThemeTaxonomyTests {
    let analyzer = LocalAnalyzer()

    func theme(_ text: String) -> String { analyzer.classify(text).theme }

    @Test(arguments: [
        "check my page for more", "link in bio 💰", "free gift card click here", "follow me and I follow back",
        "dm me for collab",
    ])
    func spam(text: String) {
        #expect(theme(text) == "spam", "\(text)")
    }

    @Test(arguments: ["first", "❤️", "😍", "🔥🔥🔥", "first!!"])
    func generalEngagement(text: String) {
        #expect(theme(text) == "general engagement", "\(text)")
    }

    @Test func topicalThemes() {
        #expect(theme("way too expensive for what it is, overpriced") == "price & value")
        #expect(theme("shipping took weeks and the package arrived damaged") == "shipping & delivery")
        #expect(theme("customer service never replied to my refund request") == "customer service")
        #expect(theme("the quality is amazing, so durable") == "product quality")
        #expect(theme("where can I buy this? is it in stock?") == "purchase & availability")
        #expect(theme("better than the dupe I had, compared to dior") == "comparison")
        #expect(theme("I recommend it to everyone") == "recommendation")
        #expect(theme("lmao this is hilarious 😂") == "humor & entertainment")
        #expect(theme("what time does the show start?") == "question")
    }

    @Test func everyLabelIsInTheTaxonomy() {
        for text in ["hello there", "", "???", "ok", "buy now", "link in bio", "😂", "why?"] {
            #expect(ThemeTaxonomy.labels.contains(theme(text)), "\(text)")
        }
    }
}
