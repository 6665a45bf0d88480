import Foundation
import Testing

@testable import TagPulseLocalAnalysis

/// Pins `LocalAnalyzer.classify` on a fixed sample (the labelled comments plus tokenizer edge cases) to
/// outputs captured from the reference implementation, so speed work cannot change behaviour by accident.
/// When outputs change on purpose (and `LocalAnalyzer.version` is bumped), regenerate the golden file with
/// `TAGPULSE_WRITE_GOLDEN=1 swift test --filter ClassifyGolden` and review the diff.
@Suite("Classify golden outputs")
struct ClassifyGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let goldenURL = fixtures.appendingPathComponent("classify-golden.tsv")

    static let edgeCases: [String] = [
        "Très BIEN @user https://x.co #Amazing", "Straße café NAÏVE İstanbul ΣΟΦΙΑ",
        "sooo goooood hahahaha kkkkk jajajaja rsrsrs hehehe", "love it ❤️👍🏽 :) !!! <3 :D xD ;-) T_T",
        "n’est pas l'ho don't j'aime pas c'est nul qu'il", "this is AMAZING ok WOW SO GOOD",
        "¡¡¡Qué bonito!!! ¿dónde lo compraste??", "I would never buy this, waste of money",
        "just ordered mine, where can I buy? how much is it", "😍😍😍😍😍 🔥🔥 😭😭 💔",
        "not bad at all, kind of good, a bit meh", "the color is nice but the quality is terrible",
        "ich weiß nicht, ob das wirklich gut ist — mag ich nicht", "non so se è davvero bello, ma mi piace un po'",
        "link in bio follow me for free followers", "deliveryyy took weeks, still waiting!!! refunded",
        "ÇA VA? ÉTÉ ÀÉÎ œuvre Æsir ﬁne", "日本語のテキスト 한국어 русский текст", "hello\ttab separated   multiple   spaces",
        ":):):) ...!!!??? ---- 10/10 $$$", "", "   ", "!!!", "😂😂😂😂", "e\u{301}te\u{301} cafe\u{301} tre\u{300}s",
        "NOT GOOD AT ALL!!!", "I don't love it but it's not terrible", "so so so good", "wwwow httpx www",
        "@", "l'", "qu'est-ce que c'est", "kkkkkkk rsrs hahah", "coooool sooo baaad loooove",
        "#blessed #love #nofilter", "price? link? where to buy in stock?", "it's giving main character no cap fr fr",
    ]

    static func texts() -> [String] {
        let rows = (try? String(contentsOf: fixtures.appendingPathComponent("labelled-comments.tsv"), encoding: .utf8)) ?? ""
        let fixtureTexts = rows.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return fields.count == 4 ? String(fields[3]) : nil
        }
        return fixtureTexts + edgeCases
    }

    static func line(_ c: TextClassification) -> String {
        "\(c.sentiment.rawValue)\t\(c.sentimentScore)\t\(c.purchaseIntent.rawValue)\t\(c.theme)\t\(c.confidence)\t\(c.language)"
    }

    @Test("classify matches the golden outputs")
    func matchesGolden() throws {
        let analyzer = LocalAnalyzer()
        let texts = Self.texts()
        #expect(texts.count > 400)
        let actual = texts.map { Self.line(analyzer.classify($0)) }
        if ProcessInfo.processInfo.environment["TAGPULSE_WRITE_GOLDEN"] == "1" {
            try (["# LocalAnalyzer \(LocalAnalyzer.version)"] + actual).joined(separator: "\n").appending("\n")
                .write(to: Self.goldenURL, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: Self.goldenURL, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(golden.first == "# LocalAnalyzer \(LocalAnalyzer.version)", "golden file is for another version")
        let expected = Array(golden.dropFirst())
        try #require(expected.count == actual.count)
        var mismatches = 0
        for (index, (e, a)) in zip(expected, actual).enumerated() where e != a {
            mismatches += 1
            if mismatches <= 10 { Issue.record("\(texts[index])\n expected \(e)\n actual   \(a)") }
        }
        #expect(mismatches == 0)
    }
}
