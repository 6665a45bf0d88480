import HTTPTypes
import Testing

@testable import TagPulseGateway

@Suite("Hot-path helpers")
struct HotPathHelpersTests {
    @Test func requestIDsAre32LowerHexAndDistinct() {
        var seen = Set<String>()
        for _ in 0..<1000 {
            let id = RequestTracingMiddleware.randomID()
            #expect(id.utf8.count == 32)
            #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            seen.insert(id)
        }
        #expect(seen.count == 1000)
    }

    @Test(arguments: [
        ("Bearer abc", "abc"), ("bearer  abc \t", "abc"), ("BEARER\tabc", nil), ("Bearer ", nil), ("Basic abc", nil), ("Bearerx abc", nil),
    ])
    func bearerTokens(header: String, expected: String?) {
        #expect(APIKeyMiddleware.presentedKey(in: [.authorization: header]) == expected)
    }

    @Test func repeatedFieldsAreTheirValuesJoined() {
        var twoBearers = HTTPFields()
        twoBearers.append(HTTPField(name: .authorization, value: "Bearer abc"))
        twoBearers.append(HTTPField(name: .authorization, value: "Bearer def"))
        #expect(APIKeyMiddleware.presentedKey(in: twoBearers) == "abc, Bearer def")
        var twoKeys = HTTPFields()
        twoKeys.append(HTTPField(name: APIKeyMiddleware.apiKeyHeader, value: "abc"))
        twoKeys.append(HTTPField(name: APIKeyMiddleware.apiKeyHeader, value: "def"))
        #expect(APIKeyMiddleware.presentedKey(in: twoKeys) == "abc, def")
        // The Bearer token wins over X-API-Key, whichever comes first.
        var both = HTTPFields()
        both.append(HTTPField(name: APIKeyMiddleware.apiKeyHeader, value: "k"))
        both.append(HTTPField(name: .authorization, value: "Bearer t"))
        #expect(APIKeyMiddleware.presentedKey(in: both) == "t")
        #expect(APIKeyMiddleware.presentedKey(in: [.accept: "*/*"]) == nil)
    }

    @Test func apiKeyHeaderIsTrimmed() {
        #expect(APIKeyMiddleware.presentedKey(in: [APIKeyMiddleware.apiKeyHeader: "  key\t"]) == "key")
        #expect(APIKeyMiddleware.presentedKey(in: [APIKeyMiddleware.apiKeyHeader: "   "]) == nil)
    }
}
