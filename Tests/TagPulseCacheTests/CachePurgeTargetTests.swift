import TagPulseWire
import Testing

@testable import TagPulseCache

/// The purge selectors of the admin API and `tagpulse purge`: exactly one, normalised as the cache keys on them.
@Suite struct CachePurgeTargetTests {
    static let hex = String(repeating: "0123456789abcdef", count: 4)

    static func error(
        key: String? = nil,
        hashtag: String? = nil,
        account: String? = nil,
        query: String? = nil,
        tag: String? = nil
    ) -> CachePurgeTargetError? {
        do {
            let target = try CachePurgeTarget(key: key, hashtag: hashtag, account: account, query: query, tag: tag)
            Issue.record("expected a refusal, got \(target)")
            return nil
        } catch {
            return error
        }
    }

    @Test func normalisesAsTheCacheKeysOnTargets() throws {
        #expect(try CachePurgeTarget(hashtag: "#SkinCare") == .tag(name: "hashtag:skincare"))
        #expect(try CachePurgeTarget(hashtag: "  ##SKINCARE ") == .tag(name: "hashtag:skincare"))
        #expect(try CachePurgeTarget(hashtag: "Cafe\u{301}") == .tag(name: "hashtag:caf\u{E9}"), "NFC")
        #expect(try CachePurgeTarget(account: "@ChefMarco") == .tag(name: "account:chefmarco"))
        #expect(try CachePurgeTarget(query: "  Best   AIR fryer ") == .tag(name: "query:best air fryer"))
        #expect(try CachePurgeTarget(tag: "hashtag:SkinCare") == .tag(name: "hashtag:skincare"))
        #expect(try CachePurgeTarget(tag: "hashtag:#SkinCare") == .tag(name: "hashtag:skincare"))
        #expect(try CachePurgeTarget(tag: "account:@Chef.Marco") == .tag(name: "account:chef.marco"))
        #expect(try CachePurgeTarget(tag: "query:Air  Fryer: the best?") == .tag(name: "query:air fryer: the best?"), "only the first colon splits")
        #expect(try CachePurgeTarget(key: Self.hex.uppercased()) == .key(hex: Self.hex), "hex lower-cased")
    }

    @Test func aTargetIsTheTagOfTheCacheKeyItPurges() throws {
        let params = AnalysisParams(target: "#SkinCare", prompt: "What do people think about the price?")
        let key = CacheKey(kind: .hashtag, params: params, analyzer: "local-2", defaultModel: "gpt-4.1-2025-04-14")
        #expect(try CachePurgeTarget(hashtag: "skincare").tagName == key.tags.first)
        #expect(try CachePurgeTarget(tag: "hashtag:SKINCARE").tagName == key.tags.first)
        #expect(try CachePurgeTarget(key: key.hex).keyHex == key.hex)
        let search = CacheKey(kind: .search, params: AnalysisParams(target: "Air Fryer", prompt: "price?"), analyzer: "a", defaultModel: "m")
        #expect(try CachePurgeTarget(query: "air   fryer").tagName == search.tags.first)
    }

    @Test func accessorsAndDescription() throws {
        let key = try CachePurgeTarget(key: Self.hex)
        #expect(key.keyHex == Self.hex)
        #expect(key.tagName == nil)
        #expect(key.description == "key:" + Self.hex)
        let tag = try CachePurgeTarget(hashtag: "skincare")
        #expect(tag.keyHex == nil)
        #expect(tag.tagName == "hashtag:skincare")
        #expect(tag.description == "hashtag:skincare")
    }

    @Test func exactlyOneSelector() {
        #expect(Self.error() == .notExactlyOneSelector(given: []))
        let one: [String: String] = ["key": Self.hex, "hashtag": "skincare", "account": "chefmarco", "query": "air fryer", "tag": "hashtag:x"]
        // Every pair, and all five: refused, naming those given in selector order.
        let names = CachePurgeTarget.selectorNames
        for (index, first) in names.enumerated() {
            for second in names[(index + 1)...] {
                let error = Self.error(
                    key: [first, second].contains("key") ? one["key"] : nil,
                    hashtag: [first, second].contains("hashtag") ? one["hashtag"] : nil,
                    account: [first, second].contains("account") ? one["account"] : nil,
                    query: [first, second].contains("query") ? one["query"] : nil,
                    tag: [first, second].contains("tag") ? one["tag"] : nil
                )
                #expect(error == .notExactlyOneSelector(given: [first, second]))
            }
        }
        #expect(
            Self.error(key: one["key"], hashtag: one["hashtag"], account: one["account"], query: one["query"], tag: one["tag"])
                == .notExactlyOneSelector(given: names)
        )
        // An empty or invalid value still counts as given: the count is checked first.
        #expect(Self.error(hashtag: "", account: "bad name!") == .notExactlyOneSelector(given: ["hashtag", "account"]))
        #expect(Self.error()?.violation == FieldViolation(field: "key", message: "give exactly one of key, hashtag, account, query, tag"))
    }

    @Test func invalidKeys() {
        for key in ["", "abc", String(Self.hex.dropLast()), Self.hex + "0", String(Self.hex.dropLast()) + "g", " " + String(Self.hex.dropLast())] {
            let error = Self.error(key: key)
            #expect(error == .invalidValue(field: "key", message: "must be a cache key: 64 hexadecimal digits", reason: nil), "\(key)")
            #expect(error?.violation == FieldViolation(field: "key", message: "must be a cache key: 64 hexadecimal digits"))
        }
    }

    @Test func invalidTags() {
        let message = "must be hashtag:<tag>, account:<username> or query:<text>"
        for tag in ["skincare", "hashtag", "hashtag:", "tag:skincare", "Hashtag:skincare", "search:air fryer", ":skincare"] {
            let error = Self.error(tag: tag)
            guard case .invalidValue(let field, let text, _) = error else {
                Issue.record("\(tag): \(String(describing: error))")
                continue
            }
            #expect(field == "tag", "\(tag)")
            #expect(text == message, "\(tag)")
            #expect(error?.violation == FieldViolation(field: "tag", message: message))
        }
        // A known kind with a target its normaliser refuses: the same message, with the normaliser's reason.
        #expect(
            Self.error(tag: "hashtag:skin care")
                == .invalidValue(field: "tag", message: message, reason: "must contain only letters, digits and underscores after the leading #")
        )
        #expect(Self.error(tag: "query:   ") == .invalidValue(field: "tag", message: message, reason: "must not be blank"))
    }

    @Test func invalidTargetsNameTheirField() {
        let cases: [(CachePurgeTargetError?, String)] = [
            (Self.error(hashtag: ""), "hashtag"), (Self.error(hashtag: "#"), "hashtag"), (Self.error(hashtag: "skin care"), "hashtag"),
            (Self.error(hashtag: "a-b"), "hashtag"), (Self.error(hashtag: String(repeating: "a", count: 101)), "hashtag"),
            (Self.error(account: "@"), "account"), (Self.error(account: "chef marco"), "account"),
            (Self.error(account: String(repeating: "a", count: 51)), "account"), (Self.error(query: "   "), "query"),
            (Self.error(query: "air\u{7}fryer"), "query"), (Self.error(query: ""), "query"),
        ]
        for (error, field) in cases {
            guard case .invalidValue(let named, let message, let reason) = error else {
                Issue.record("\(field): \(String(describing: error))")
                continue
            }
            #expect(named == field)
            #expect(message == "is not a valid \(field)")
            #expect(reason != nil, "the normaliser's detail rides along")
            #expect(error?.violation == FieldViolation(field: field, message: "is not a valid \(field)"))
        }
    }

    @Test func markLifetimeIsTheLongestRetention() {
        #expect(PurgeMarks.lifetimeMilliseconds(positive: .defaultPositive, negative: .defaultNegative) == (900 + 86_400) * 1000)
        let shortPositive = CacheLifetimes(freshMilliseconds: 1000, staleWhileRevalidateMilliseconds: 0, staleIfErrorMilliseconds: 0)
        #expect(PurgeMarks.lifetimeMilliseconds(positive: shortPositive, negative: .defaultNegative) == 60_000, "a longer negative entry wins")
    }
}
