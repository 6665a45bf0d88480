import TagPulseLocalAnalysis
import Testing

@Suite("PurchaseIntent")
struct PurchaseIntentTests {
    let analyzer = LocalAnalyzer()

    func intent(_ text: String) -> PurchaseIntent { analyzer.classify(text).purchaseIntent }

    @Test(arguments: [
        "just ordered two!!", "I just bought it", "added to cart 🛒", "take my money", "buying this rn",
        "acabo de comprar uno", "comprei ontem", "je l'ai commandé hier", "gerade bestellt", "l'ho ordinato",
    ])
    func high(text: String) {
        #expect(intent(text) == .high, "\(text)")
    }

    @Test(arguments: [
        "I need this", "want this so bad", "where can I buy it?", "where did you get that", "link?", "link pls",
        "how much is it", "price?", "is it worth it?", "¿dónde lo compro?", "cuánto cuesta", "onde compra?",
        "quanto custa?", "où l'acheter ?", "c'est combien", "wo kann man das kaufen", "wie viel kostet das",
        "dove si compra?", "quanto costa?",
    ])
    func medium(text: String) {
        #expect(intent(text) == .medium, "\(text)")
    }

    /// Questions about where to buy and plans to buy soon, in the six languages (issue 17).
    @Test(arguments: [
        "where can I find it?", "is it on amazon?", "is it on TikTok Shop?", "which store has it?", "link to the whisk?",
        "ok buying the Cosori Pro LE today", "getting one tomorrow", "gonna order one this weekend",
        "adding the glow recipe toner to my cart rn", "¿Dónde lo consigo?", "¿Dónde lo venden?", "lo voy a pedir mañana",
        "Onde encontro?", "Vende no Brasil?", "vou pedir o meu amanhã", "On le trouve où ?", "je vais le commander ce soir",
        "Wo finde ich das?", "hol ich mir morgen", "Dove lo trovo?", "lo comprerò domani",
    ])
    func whereToBuyAndPlansToBuySoon(text: String) {
        let intent = intent(text)
        #expect(intent == .medium || intent == .high, "\(text): \(intent)")
    }

    @Test(arguments: ["maybe one day", "someday I'll get one", "on my wishlist", "if it goes on sale I'm in"])
    func low(text: String) {
        #expect(intent(text) == .low, "\(text)")
    }

    @Test(arguments: [
        "I would never buy this", "not buying this", "I don't need this", "wouldn't buy it", "nice video",
        "the sky is blue", "😂😂", "",
    ])
    func noneOrNegated(text: String) {
        #expect(intent(text) == PurchaseIntent.none, "\(text)")
    }

    @Test func strongestCueWins() {
        #expect(intent("maybe... actually just ordered it") == .high)
    }
}
