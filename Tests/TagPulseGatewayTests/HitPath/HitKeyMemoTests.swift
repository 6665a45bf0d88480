import NIOCore
import TagPulseCache
import TagPulseWire
import Testing

@testable import TagPulseGateway

@Suite("HitKeyMemo")
struct HitKeyMemoTests {
    let identity = EngineIdentity.Value(analyzer: "local/local-2", defaultModel: "")

    func key(_ target: String) -> CacheKey {
        CacheKey(kind: .hashtag, params: AnalysisParams(target: target, prompt: "p"), analyzer: "local/local-2", defaultModel: "")
    }

    @Test func remembersByTheExactBytesOfPathAndBody() {
        let memo = HitKeyMemo(capacity: 100)
        var made = 0
        func lookUp(_ body: String) -> CacheKey? {
            memo.key(path: "/v1/analyze/hashtag", body: ByteBuffer(string: body), identity: self.identity) {
                made += 1
                return self.key(body)
            }
        }
        let first = lookUp(#"{"hashtag":"a"}"#)
        #expect(lookUp(#"{"hashtag":"a"}"#) == first)
        #expect(made == 1, "the same bytes are parsed once")
        // Any byte different is a request of its own: it never borrows another body's key.
        let other = lookUp(#"{"hashtag":"b"}"#)
        #expect(other != first)
        #expect(made == 2)
        #expect(
            memo.key(path: "/v1/analyze/hashtag", body: ByteBuffer(string: #"{"hashtag":"a"}"#), identity: .init(analyzer: "x", defaultModel: "")) {
                self.key("other-identity")
            } != first
        )
    }

    @Test func invalidRequestsAreNotRemembered() {
        let memo = HitKeyMemo(capacity: 100)
        #expect(memo.key(path: "/x", body: nil, identity: self.identity) { nil } == nil)
        #expect(memo.count == 0)
    }

    @Test func staysBoundedAndKeepsWhatIsInUse() {
        let memo = HitKeyMemo(capacity: 10)
        for index in 0..<100 {
            _ = memo.key(path: "/\(index)", body: nil, identity: self.identity) { self.key("t\(index)") }
            // /0 is used all along: it survives every turn of the generations.
            _ = memo.key(path: "/0", body: nil, identity: self.identity) {
                Issue.record("/0 was forgotten"); return self.key("t0")
            }
        }
        #expect(memo.count <= 10)
    }
}
