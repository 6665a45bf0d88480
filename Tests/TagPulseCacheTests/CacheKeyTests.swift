import Foundation
import TagPulseTestSupport
import TagPulseWire
import Testing

@testable import TagPulseCache

@Suite struct CacheKeyTests {
    static let defaultModel = "gpt-4.1-2025-04-14"
    static let analyzer = "local-2"

    static func key(_ kind: AnalysisKind = .hashtag, _ params: AnalysisParams, analyzer: String = Self.analyzer) -> CacheKey {
        CacheKey(kind: kind, params: params, analyzer: analyzer, defaultModel: Self.defaultModel)
    }

    static let targets: [AnalysisKind: [String]] = [
        .hashtag: ["skincare", "AirFryer", "café", "Über_Cool", "日本", "ÉtÉ2025", "ТикТок", "air_fryer_2"],
        .account: ["chefmarco", "Chef.Marco_1", "ÉmilieCuisine", "a"],
        .search: ["R12GS BMW", "best  air fryer", "Crème brûlée recipe"],
    ]
    static let prompts = ["What do people think about the price?", "Café crème opinions, please.", "  spaces matter  ", "Line one\nline two"]

    /// A random request that passes validation.
    static func randomParams(_ kind: AnalysisKind, _ random: inout SeededGenerator) -> AnalysisParams {
        AnalysisParams(
            target: Self.targets[kind]!.randomElement(using: &random)!,
            maxPosts: Int.random(in: AnalysisLimits(kind: kind).maxPosts, using: &random),
            maxCommentsPerPost: Int.random(in: AnalysisLimits.maxCommentsPerPost, using: &random),
            prompt: Self.prompts.randomElement(using: &random)!,
            model: [nil, "gpt-4o-mini", "gpt-4.1-mini"].randomElement(using: &random)!,
            maxQuoteLength: Int.random(in: AnalysisLimits.maxQuoteLength, using: &random)
        )
    }

    /// The same target as a client might type it: random letter case, NFD, `#`/`@` prefixes, outer whitespace.
    static func respelled(_ target: String, kind: AnalysisKind, _ random: inout SeededGenerator) -> String {
        var text = String(target.map { Bool.random(using: &random) ? Character($0.uppercased()) : Character($0.lowercased()) })
        if Bool.random(using: &random) { text = text.decomposedStringWithCanonicalMapping }
        switch kind {
        case .hashtag: text = String(repeating: "#", count: Int.random(in: 0...2, using: &random)) + text
        case .account: text = (Bool.random(using: &random) ? "@" : "") + text
        case .search: text = text.replacingOccurrences(of: " ", with: [" ", "  ", "\t"].randomElement(using: &random)!)
        }
        return [" ", "", "\t"].randomElement(using: &random)! + text + [" ", "", "\n"].randomElement(using: &random)!
    }

    @Test(arguments: AnalysisKind.allCases)
    func sameMeaningGivesTheSameKey(kind: AnalysisKind) {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let params = Self.randomParams(kind, &random)
            var variant = params
            variant.target = Self.respelled(params.target, kind: kind, &random)
            variant.prompt = Bool.random(using: &random) ? params.prompt.decomposedStringWithCanonicalMapping : params.prompt
            if params.model == nil { variant.model = [nil, "", Self.defaultModel].randomElement(using: &random)! }
            #expect(Self.key(kind, variant) == Self.key(kind, params), "\(variant) vs \(params)")
            #expect(Self.key(kind, variant).hex == Self.key(kind, params).hex)
            #expect(Self.key(kind, variant).target == Self.key(kind, params).target)
        }
    }

    @Test func explicitDefaultsEqualOmittedOnesAndFieldOrderDoesNotMatter() throws {
        let omitted = ##"{"target":"#SkinCare","ai_analysis_prompt":"What do people think about the price?"}"##
        let explicit = #"""
            {"max_quote_length":200,"model":"gpt-4.1-2025-04-14","max_comments_per_post":50,
             "ai_analysis_prompt":"What do people think about the price?","max_posts":20,"target":"skincare"}
            """#
        let decoder = JSONDecoder()
        let first = try decoder.decode(AnalysisParams.self, from: Data(omitted.utf8))
        let second = try decoder.decode(AnalysisParams.self, from: Data(explicit.utf8))
        #expect(Self.key(.hashtag, first) == Self.key(.hashtag, second))
    }

    @Test(arguments: AnalysisKind.allCases)
    func changingAnyParameterChangesTheKey(kind: AnalysisKind) {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let params = Self.randomParams(kind, &random)
            let base = Self.key(kind, params)
            var changed: [(String, CacheKey)] = []
            for other in AnalysisKind.allCases where other != kind {
                changed.append(("kind", Self.key(other, params)))
            }
            var variant = params
            variant.target = params.target + "x"
            changed.append(("target", Self.key(kind, variant)))
            variant = params
            variant.maxPosts = params.maxPosts == 1 ? 2 : params.maxPosts - 1
            changed.append(("max_posts", Self.key(kind, variant)))
            variant = params
            variant.maxCommentsPerPost = params.maxCommentsPerPost == 1 ? 2 : params.maxCommentsPerPost - 1
            changed.append(("max_comments_per_post", Self.key(kind, variant)))
            variant = params
            variant.maxQuoteLength = params.maxQuoteLength == 50 ? 51 : params.maxQuoteLength - 1
            changed.append(("max_quote_length", Self.key(kind, variant)))
            variant = params
            variant.prompt = params.prompt + " "
            changed.append(("prompt (trailing space)", Self.key(kind, variant)))
            variant = params
            variant.prompt = params.prompt.uppercased()
            changed.append(("prompt (case)", Self.key(kind, variant)))
            variant = params
            variant.model = params.model == "gpt-4o" ? "gpt-4o-mini" : "gpt-4o"
            changed.append(("model", Self.key(kind, variant)))
            changed.append(("analyzer", Self.key(kind, params, analyzer: "openai:gpt-4.1-2025-04-14")))
            for (what, key) in changed {
                #expect(key != base, "changing \(what) must change the key of \(params)")
            }
        }
    }

    @Test func distinctRequestsNeverShareAKey() {
        var random = SeededGenerator(seed: 99)
        var byHex: [String: String] = [:]
        for _ in 0..<2000 {
            let kind = AnalysisKind.allCases.randomElement(using: &random)!
            let key = Self.key(kind, Self.randomParams(kind, &random))
            if let earlier = byHex[key.hex] {
                #expect(earlier == key.canonicalForm, "one hex for two different requests")
            }
            byHex[key.hex] = key.canonicalForm
        }
    }

    @Test func canonicalFormIsExactAndVersioned() {
        let params = AnalysisParams(target: "#SkinCare", prompt: "Price?\nmodel=3:abc")
        let key = Self.key(.hashtag, params)
        #expect(
            key.canonicalForm
                == "tagpulse-cache-key/1\nkind=7:hashtag\ntarget=8:skincare\nmax_posts=2:20\nmax_comments_per_post=2:50\n"
                + "max_quote_length=3:200\nprompt=18:Price?\nmodel=3:abc\nmodel=18:gpt-4.1-2025-04-14\nanalyzer=7:local-2\n"
        )
        // Pinned (computed with Python's hashlib): a changed serialisation must come with a new formatVersion.
        #expect(key.hex == "87c574a6e9e530e60795e8ce9fad0c66d227313d3287a10beea48616d6f23ef7")
    }

    @Test func lengthPrefixesKeepFieldsApart() {
        // Without lengths these two would serialise alike.
        let first = AnalysisParams(target: "skincare", prompt: "0123456789\nmodel=3:abc", model: "x")
        let second = AnalysisParams(target: "skincare", prompt: "0123456789", model: "abc\nmodel=1:x")
        #expect(Self.key(.hashtag, first) != Self.key(.hashtag, second))
    }

    @Test func unvalidatedTargetsCannotCollideWithNormalisedOnes() {
        let invalid = Self.key(.hashtag, AnalysisParams(target: "bad tag!", prompt: "0123456789"))
        #expect(invalid.canonicalForm.contains("target-raw=8:bad tag!\n"))
        #expect(invalid != Self.key(.hashtag, AnalysisParams(target: "badtag", prompt: "0123456789")))
    }

    @Test func redisKeyNamesAndTags() {
        let key = Self.key(.hashtag, AnalysisParams(target: "#SkinCare", prompt: "0123456789"))
        #expect(key.redisKey() == "tp:c:{\(key.hex)}")
        #expect(key.redisKey(prefix: "staging:tp:") == "staging:tp:c:{\(key.hex)}")
        #expect(CacheKey.redisKey(forHex: key.hex.uppercased()) == key.redisKey())
        #expect(CacheKey.redisKey(forHex: "abc") == nil)
        #expect(CacheKey.redisKey(forHex: String(repeating: "g", count: 64)) == nil)
        #expect(key.tags == ["hashtag:skincare"])
        #expect(Self.key(.account, AnalysisParams(target: "@Chef.Marco", prompt: "0123456789")).tags == ["account:chef.marco"])
        #expect(Self.key(.search, AnalysisParams(target: "  R12GS   BMW ", prompt: "0123456789")).tags == ["query:r12gs bmw"])
        #expect(CacheKey.tag(kind: .hashtag, target: "café") == "hashtag:café")
    }
}
