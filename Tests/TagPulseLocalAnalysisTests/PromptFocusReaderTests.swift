import Testing

@testable import TagPulseLocalAnalysis

/// The prompt reader in each of the six languages: aspects, general-opinion prompts, keywords with synonyms,
/// the analysed target's own words, and prompts it understands nothing of.
@Suite("Prompt focus reader")
struct PromptFocusReaderTests {
    func focus(_ prompt: String, subject: String = "") -> PromptFocus { PromptFocus(prompt: prompt, subject: subject) }

    static let aspectPrompts: [(String, PromptAspect)] = [
        ("What do people think about the price? Is it worth the money?", .price),
        ("¿Qué opinan del precio? ¿Vale la pena?", .price),
        ("O que as pessoas acham do preço?", .price),
        ("Que pensent-ils du prix ?", .price),
        ("Was halten die Leute vom Preis?", .price),
        ("Cosa ne pensano del prezzo?", .price),
        ("Are people complaining about shipping?", .delivery),
        ("¿Se quejan del envío?", .delivery),
        ("Reclamam da entrega?", .delivery),
        ("Que disent-ils de la livraison ?", .delivery),
        ("Beschweren sich Leute über die Lieferung?", .delivery),
        ("Si lamentano della spedizione?", .delivery),
        ("How is the quality?", .quality),
        ("¿Qué tal la calidad?", .quality),
        ("E a qualidade?", .quality),
        ("Et la qualité ?", .quality),
        ("Wie ist die Qualität?", .quality),
        ("Com'è la qualità?", .quality),
        ("Does it actually work? What results did people get?", .results),
        ("¿Qué resultados tuvieron?", .results),
        ("Funciona mesmo?", .results),
        ("Est-ce que ça fonctionne ?", .results),
        ("Funktioniert es wirklich?", .results),
        ("Funziona davvero?", .results),
        ("Would people buy it?", .purchaseIntent),
        ("¿La gente lo compraría?", .purchaseIntent),
        ("As pessoas comprariam?", .purchaseIntent),
        ("Est-ce qu'ils l'achèteraient ?", .purchaseIntent),
        ("Würden die Leute es kaufen?", .purchaseIntent),
        ("Lo comprerebbero?", .purchaseIntent),
        ("Would they recommend it?", .recommendation),
        ("Würden die Leute es empfehlen?", .recommendation),
        ("How does it compare to other brands?", .comparison),
        ("Comment le comparent-ils aux autres marques ?", .comparison),
        ("What do they say about customer service?", .customerService),
        ("¿Qué dicen de la atención al cliente?", .customerService),
        ("Do people like the color and design?", .appearance),
    ]

    @Test(arguments: Self.aspectPrompts)
    func readsTheAspect(prompt: String, aspect: PromptAspect) {
        let focus = self.focus(prompt)
        #expect(focus.aspects.contains(aspect), "\(prompt): \(focus.aspects)")
        #expect(!focus.isGeneralOpinion, "\(prompt)")
        #expect(!focus.isEmpty)
    }

    @Test(arguments: [
        "What do people think?", "¿Qué opinan?", "O que acham?", "Qu'en pensent-ils ?", "Was halten die Leute davon?",
        "Cosa ne pensano?", "Analyze the comments", "How do people feel about this product?",
    ])
    func generalOpinionPrompts(prompt: String) {
        let focus = self.focus(prompt)
        #expect(focus.isGeneralOpinion, "\(prompt): \(focus)")
        #expect(focus.aspects.isEmpty && focus.keywords.isEmpty, "\(prompt): \(focus)")
    }

    @Test func theDefaultAccountPromptAsksForOpinionsAndPurchaseIntent() {
        let focus = self.focus("Analyze the comments for brand sentiment, product opinions, recurring themes and purchase intent.")
        #expect(focus.isGeneralOpinion)
        #expect(focus.aspects == [.purchaseIntent])
        #expect(focus.keywords.isEmpty)
    }

    @Test func anOpinionQuestionWithASubjectIsAboutTheSubject() {
        let focus = self.focus("What do people think about the lid?")
        #expect(!focus.isGeneralOpinion)
        #expect(focus.keywords == ["lid"])
    }

    @Test func keywordsKeepAccentsAndMatchSynonymsInTheSixLanguages() {
        let focus = self.focus("¿Qué dicen del olor de la crema?")
        #expect(focus.keywords == ["olor", "crema"])
        #expect(focus.keywordStems[0].contains(WordStem.stemHash("smell")))
        #expect(focus.keywordStems[0].contains(WordStem.stemHash("geruch")))
    }

    @Test func theAnalysedTargetsOwnWordsSelectNothing() {
        let focus = self.focus("What do people think about the Stanley cup?", subject: "stanleycup")
        #expect(focus.subjectWords == ["stanley", "cup"])
        #expect(focus.keywords.isEmpty)
        #expect(focus.isGeneralOpinion)
    }

    @Test(arguments: ["Please tell me everything.", "??? !!!", "and the or but", "😍😍😍 🔥"])
    func nothingUnderstoodIsAnEmptyFocus(prompt: String) {
        let focus = self.focus(prompt)
        #expect(focus.isEmpty, "\(prompt): \(focus)")
    }

    @Test func unknownSubjectsAreKeywordsNotEverything() {
        let focus = self.focus("Describe the weather on Mars in great detail please")
        #expect(focus.keywords == ["weather", "mars"])
        #expect(!focus.isGeneralOpinion && focus.aspects.isEmpty)
    }
}
