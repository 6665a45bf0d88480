import NIOCore
import TagPulseCache
import TagPulseWire
import Testing

@testable import TagPulseGateway

/// The GET form of the hashtag analysis reads into the same params, and so the same cache key, as the POST body.
@Suite struct HashtagAnalysisQueryTests {
    static let prompt = "What do people think about the price?"

    static func post(_ json: String) throws(APIError) -> AnalysisParams {
        try AnalysisRequestParser.parse(ByteBuffer(string: json), kind: .hashtag)
    }

    static func key(_ params: AnalysisParams) -> CacheKey {
        CacheKey(kind: .hashtag, params: params, analyzer: "local-2", defaultModel: "gpt-4.1-2025-04-14")
    }

    static func violations(tag: String, query: String?) -> [FieldViolation] {
        do {
            _ = try HashtagAnalysisQuery.parse(tag: tag, query: query)
            return []
        } catch {
            #expect(error.code == .validationFailed)
            return error.violations
        }
    }

    @Test(arguments: [
        ("%23SkinCare", "prompt=What+do+people+think+about+the+price%3F"),
        ("skincare", "prompt=What%20do%20people%20think%20about%20the%20price?"),
        ("SKINCARE", "max_posts=20&prompt=What+do+people+think+about+the+price%3F&max_comments_per_post=50"),
        ("%23%23skinCare", "model=&max_quote_length=200&prompt=What+do+people+think+about+the+price%3F&utm_source=x"),
        ("skincare", "prompt=What+do+people+think+about+the+price%3F&model=gpt-4.1-2025-04-14"),
        ("%20skincare%20", "&&prompt=What+do+people+think+about+the+price%3F&"),
    ])
    func getAndPostGiveTheSameKey(tag: String, query: String) throws {
        let bodies = [
            ##"{"hashtag":"#SkinCare","ai_analysis_prompt":"What do people think about the price?"}"##,
            #"{"ai_analysis_prompt":"What do people think about the price?","max_posts":20,"hashtag":"skincare","model":null}"#,
            #"{"max_quote_length":"200","hashtag":" SKINCARE","ai_analysis_prompt":"What do people think about the price?","max_comments_per_post":50.0}"#,
        ]
        let get = try HashtagAnalysisQuery.parse(tag: tag, query: query)
        for body in bodies {
            let post = try Self.post(body)
            #expect(Self.key(get) == Self.key(post))
            // The params match too, but for a default model named explicitly, which only the key equates with none.
            var getWithoutModel = get
            getWithoutModel.model = nil
            #expect(getWithoutModel == post)
        }
    }

    @Test func nonDefaultParametersCarryOver() throws {
        let get = try HashtagAnalysisQuery.parse(
            tag: "air_fryer",
            query: "max_posts=5&max_comments_per_post=120&max_quote_length=80&prompt=Crispy%3F+Worth+it%3F&model=gpt-4o-mini"
        )
        let post = try Self.post(
            #"{"hashtag":"air_fryer","max_posts":5,"max_comments_per_post":120,"max_quote_length":80,"ai_analysis_prompt":"Crispy? Worth it?","model":"gpt-4o-mini"}"#
        )
        #expect(
            get
                == AnalysisParams(
                    target: "air_fryer",
                    maxPosts: 5,
                    maxCommentsPerPost: 120,
                    prompt: "Crispy? Worth it?",
                    model: "gpt-4o-mini",
                    maxQuoteLength: 80
                )
        )
        #expect(Self.key(get) == Self.key(post))
        #expect(Self.key(get) != Self.key(try HashtagAnalysisQuery.parse(tag: "air_fryer", query: "prompt=Crispy%3F+Worth+it%3F")))
    }

    @Test func fieldRulesAndMessagesAreThePostBodys() {
        let get = Self.violations(tag: "skincare", query: "max_posts=51&max_comments_per_post=0&max_quote_length=10&prompt=short")
        var postViolations: [FieldViolation] = []
        do {
            _ = try Self.post(#"{"hashtag":"skincare","max_posts":51,"max_comments_per_post":0,"max_quote_length":10,"ai_analysis_prompt":"short"}"#)
        } catch {
            postViolations = error.violations
        }
        #expect(get.map(\.message) == postViolations.map(\.message))
        #expect(get.map(\.field) == ["max_posts", "max_comments_per_post", "max_quote_length", "prompt"])
        #expect(postViolations.map(\.field) == ["max_posts", "max_comments_per_post", "max_quote_length", "ai_analysis_prompt"])
    }

    @Test(
        arguments: [
            ("skincare", nil, [FieldViolation(field: "prompt", message: "is required")]),
            (
                "skincare", "max_posts=",
                [FieldViolation(field: "max_posts", message: "must be a whole number from 1 to 50"), .init(field: "prompt", message: "is required")]
            ),
            (
                "bad%20tag!", "prompt=0123456789",
                [FieldViolation(field: "tag", message: "must contain only letters, digits and underscores after the leading #")]
            ),
            ("skin%ZZcare", "prompt=0123456789", [FieldViolation(field: "tag", message: "is not valid percent-encoded UTF-8")]),
            ("skincare", "prompt=%FF%FE0123456789", [FieldViolation(field: "prompt", message: "is not valid percent-encoded UTF-8")]),
            ("skincare", "prompt=0123456789&max_posts=5&max_posts=6", [FieldViolation(field: "max_posts", message: "must be given once")]),
            ("skincare", "prompt=0123456789&max_posts=20.5", [FieldViolation(field: "max_posts", message: "must be a whole number from 1 to 50")]),
            ("skincare", "ai_analysis_prompt=0123456789", [FieldViolation(field: "prompt", message: "is required")]),
        ] as [(String, String?, [FieldViolation])]
    )
    func violationsNameTheParameter(tag: String, query: String?, expected: [FieldViolation]) {
        #expect(Self.violations(tag: tag, query: query) == expected)
    }

    @Test func plusIsASpaceButAnEncodedPlusIsAPlus() throws {
        #expect(try HashtagAnalysisQuery.parse(tag: "skincare", query: "prompt=1+%2B+1+is+two%3F").prompt == "1 + 1 is two?")
    }
}
