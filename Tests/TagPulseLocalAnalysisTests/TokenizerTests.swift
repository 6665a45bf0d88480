import Testing

@testable import TagPulseLocalAnalysis

@Suite("Tokenizer")
struct TokenizerTests {
    func keys(_ text: String) -> [String] { Tokenizer().tokenize(text).tokens.map(\.key) }

    @Test func lowercasesFoldsAndDropsMentionsAndLinks() {
        #expect(keys("Très BIEN @user https://x.co #Amazing") == ["tres", "bien", "amazing"])
        #expect(keys("Straße café NAÏVE") == ["strasse", "cafe", "naive"])
    }

    @Test func elongationAndLaughter() {
        let tokens = Tokenizer().tokenize("sooo goooood hahahaha kkkkk").tokens
        #expect(tokens.map(\.key) == ["soo", "good", "haha", "kkk"])
        #expect(tokens[0].squeezed == "so")
        #expect(tokens[0].isElongated)
    }

    @Test func emojiEmoticonsAndPunctuation() {
        let tokens = Tokenizer().tokenize("love it ❤️👍🏽 :) !!!").tokens
        #expect(tokens.map(\.key) == ["love", "it", "❤", "👍", ":)", "!"])
        #expect(Tokenizer().tokenize("wow!!!").exclamations == 3)
    }

    @Test func elisionsAndApostrophes() {
        #expect(keys("n’est pas l'ho don't") == ["n'", "est", "pas", "l'", "ho", "don't"])
    }

    @Test func allCaps() {
        let result = Tokenizer().tokenize("this is AMAZING ok")
        #expect(result.allCapsWords == 1)
        #expect(result.tokens[2].isAllCaps)
    }
}
