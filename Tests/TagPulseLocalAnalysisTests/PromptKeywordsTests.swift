import TagPulseLocalAnalysis
import Testing

@Suite("PromptKeywords")
struct PromptKeywordsTests {
    @Test func removesStopWordsAndDeduplicates() {
        let keywords = PromptKeywords(prompt: "What do people think about the PRICE and the price of the serum?")
        #expect(keywords.terms == ["think", "price", "serum"])
    }

    @Test func removesStopWordsInAllLanguages() {
        #expect(PromptKeywords(prompt: "¿Qué opinan de la calidad del envío?").terms == ["opinan", "calidad", "envío"])
        #expect(PromptKeywords(prompt: "O que acham do preço e da entrega").terms == ["acham", "preço", "entrega"])
        #expect(PromptKeywords(prompt: "Que pensent les gens de la livraison").terms == ["pensent", "gens", "livraison"])
        #expect(PromptKeywords(prompt: "Was denken die Leute über den Preis").terms == ["denken", "leute", "preis"])
        #expect(PromptKeywords(prompt: "Cosa pensano della qualità del prodotto").terms == ["pensano", "qualità", "prodotto"])
    }

    @Test func keepsStableOrderAndLowercases() {
        let keywords = PromptKeywords(prompt: "Serum TEXTURE serum smell Texture")
        #expect(keywords.terms == ["serum", "texture", "smell"])
    }

    @Test func emptyPrompt() {
        #expect(PromptKeywords(prompt: "").terms.isEmpty)
        #expect(PromptKeywords(prompt: "the and of 😂 !!").terms.isEmpty)
    }
}
