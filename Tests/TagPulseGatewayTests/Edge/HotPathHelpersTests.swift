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

    @Test func apiKeyHeaderIsTrimmed() {
        #expect(APIKeyMiddleware.presentedKey(in: [APIKeyMiddleware.apiKeyHeader: "  key\t"]) == "key")
        #expect(APIKeyMiddleware.presentedKey(in: [APIKeyMiddleware.apiKeyHeader: "   "]) == nil)
    }
}
