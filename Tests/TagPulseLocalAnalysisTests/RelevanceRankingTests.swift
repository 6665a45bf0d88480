import Testing

@testable import TagPulseLocalAnalysis

/// Relevance of comments to a focus: aspects select different comments, the same question in two languages the
/// same ones, the best come first, and an empty focus keeps nothing.
@Suite("Relevance ranking")
struct RelevanceRankingTests {
    let analyzer = LocalAnalyzer()

    static let comments = [
        "$399 for this? absolutely not", "not worth the money at all", "Prefiro Simple Modern, sai mais barato",
        "Lieferung hat 5 Wochen gedauert 😤", "El envío tardó 5 semanas", "does it ship to Mexico?",
        "my lid cracked after 2 weeks and they won't replace it", "Se me rompieron a los 3 meses",
        "where can I get the Ordinary Niacinamide? 😍", "¿Dónde lo compro?", "just ordered the Medicube Zero Pore Pads 🛒",
        "my cheeks acne is finally gone after 3 months 😭", "the way i gasped", "love your videos!!", "part 2 please!!",
        "periodt 💅", "the vanilla matcha with whole milk is elite 🙌🙌",
    ]

    func kept(_ prompt: String) -> [String] {
        let focus = PromptFocus(prompt: prompt)
        return Self.comments.map { ($0, analyzer.relevance(of: $0, to: focus)) }
            .filter { $0.1 >= LocalAnalyzer.relevanceThreshold }
            .sorted { $0.1 > $1.1 }.map(\.0)
    }

    @Test func differentAspectsSelectDifferentComments() {
        let price = Set(self.kept("What do people think about the price?"))
        let delivery = Set(self.kept("Are people complaining about shipping or delivery?"))
        let buying = Set(self.kept("Where do people want to buy it?"))
        #expect(price.isSuperset(of: ["$399 for this? absolutely not", "not worth the money at all"]), "\(price)")
        #expect(delivery.isSuperset(of: ["Lieferung hat 5 Wochen gedauert 😤", "El envío tardó 5 semanas"]), "\(delivery)")
        #expect(buying.isSuperset(of: ["¿Dónde lo compro?", "where can I get the Ordinary Niacinamide? 😍"]), "\(buying)")
        #expect(price.isDisjoint(with: delivery))
        #expect(!price.contains("the way i gasped") && !delivery.contains("love your videos!!"))
    }

    @Test(arguments: [
        ("What do people think about the price?", "¿Qué opinan del precio?"),
        ("What do people think about the price?", "Was halten die Leute vom Preis?"),
        ("Are people complaining about shipping?", "Les gens se plaignent de la livraison ?"),
        ("Would people buy it? Where do they buy it?", "As pessoas comprariam? Onde compram?"),
        ("Does it really work?", "Funziona davvero?"),
    ])
    func theSameQuestionInTwoLanguagesSelectsTheSameComments(english: String, other: String) {
        let a = Set(self.kept(english))
        let b = Set(self.kept(other))
        #expect(!a.isEmpty)
        #expect(a == b, "\(english): \(a.sorted()) / \(other): \(b.sorted())")
    }

    @Test func theBestComeFirst() {
        let focus = PromptFocus(prompt: "Would people buy it?")
        let ordered = analyzer.relevance(of: "just ordered the Medicube Zero Pore Pads 🛒", to: focus)
        let asked = analyzer.relevance(of: "¿Dónde lo compro?", to: focus)
        let other = analyzer.relevance(of: "my cheeks acne is finally gone after 3 months 😭", to: focus)
        #expect(min(ordered, asked) > other)
        #expect(ordered >= 0.9 && asked >= 0.9)
        let price = PromptFocus(prompt: "Is it worth the money?")
        let strong = analyzer.relevance(of: "not worth the money at all, total waste", to: price)
        let mild = analyzer.relevance(of: "the a regular oven is way better for the price", to: price)
        #expect(strong > mild)
    }

    @Test func generalOpinionKeepsOpinionsOnly() {
        let kept = Set(self.kept("¿Qué opinan?"))
        #expect(kept.contains("not worth the money at all"))
        #expect(!kept.contains("does it ship to Mexico?"))
        #expect(!kept.contains("part 2 please!!"))
    }

    /// A general-opinion question in any of the six languages keeps experiences told without a judgment word:
    /// durability ("had it for 3 months"), "overrated", and a late parcel told with a feeling; a purchase alone is
    /// still intent, not an opinion.
    @Test(arguments: [
        "What do people think of it?", "¿Qué opinan de este producto?", "O que acham disso?", "Qu'en pensent les gens ?",
        "Was halten die Leute davon?", "Cosa ne pensano?",
    ])
    func generalOpinionKeepsExperiences(prompt: String) {
        let focus = PromptFocus(prompt: prompt)
        #expect(focus.isGeneralOpinion, "\(prompt)")
        let experiences = [
            "had mine for 8 months and it still works", "lo tengo desde hace un año y sigue funcionando",
            "totally overrated", "Total überbewertet", "sobrevalorado la verdad", "un peu surcoté", "sopravvalutato",
            "ordered 6 weeks ago and still nothing", "pedí hace un mes y todavía nada", "bestellt vor 4 Wochen, immer noch nichts",
        ]
        for comment in experiences {
            #expect(analyzer.relevance(of: comment, to: focus) >= LocalAnalyzer.relevanceThreshold, "\(prompt) / \(comment)")
        }
        #expect(analyzer.relevance(of: "just ordered 🙌", to: focus) < LocalAnalyzer.relevanceThreshold, "\(prompt)")
    }

    @Test func anEmptyFocusKeepsNothing() {
        let focus = PromptFocus(prompt: "Please tell me everything.")
        #expect(focus.isEmpty)
        for comment in Self.comments { #expect(analyzer.relevance(of: comment, to: focus) == 0) }
    }

    @Test func readingClassifiesLikeClassify() {
        var workspace = LocalAnalyzer.Workspace()
        for comment in Self.comments {
            #expect(analyzer.read(comment, workspace: &workspace).classification == analyzer.classify(comment))
        }
    }
}
