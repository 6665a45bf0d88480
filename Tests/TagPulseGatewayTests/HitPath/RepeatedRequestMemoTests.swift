import NIOCore
import TagPulseCache
import TagPulseWire
import Testing

@testable import TagPulseGateway

/// A connection's last request answers only the same bytes under the same engine identity: a body that differs in
/// any byte, another path, method or identity is looked up afresh.
@Suite("RepeatedRequestMemo")
struct RepeatedRequestMemoTests {
    static let identity = EngineIdentity.Value(analyzer: "local/local-6", defaultModel: "")
    static let route = HitRoutes(metrics: GatewayMetrics()).post["/v1/analyze/hashtag"]!
    static let key = CacheKey(
        kind: .hashtag,
        params: AnalysisParams(target: "skincare", maxPosts: 1, maxCommentsPerPost: 1, prompt: "What do people think?"),
        analyzer: "local/local-6",
        defaultModel: ""
    )

    @Test func theSameBytesAreTheSameRequest() {
        var memo = RepeatedRequestMemo()
        let body = ByteBuffer(string: #"{"hashtag":"skincare","max_posts":1}"#)
        #expect(memo.key(.post, path: "/v1/analyze/hashtag", body: body, identity: Self.identity) == nil)
        memo.remember(Self.key, route: Self.route, method: .post, path: "/v1/analyze/hashtag", body: body, identity: Self.identity)
        let found = memo.key(
            .post,
            path: "/v1/analyze/hashtag",
            body: ByteBuffer(string: #"{"hashtag":"skincare","max_posts":1}"#),
            identity: Self.identity
        )
        #expect(found?.0 == Self.key)
        #expect(found?.1 === Self.route)
    }

    @Test func anyDifferenceIsAnotherRequest() {
        var memo = RepeatedRequestMemo()
        let body = ByteBuffer(string: #"{"hashtag":"skincare","max_posts":1}"#)
        memo.remember(Self.key, route: Self.route, method: .post, path: "/v1/analyze/hashtag", body: body, identity: Self.identity)
        #expect(
            memo.key(.post, path: "/v1/analyze/hashtag", body: ByteBuffer(string: #"{"hashtag":"skincare","max_posts":2}"#), identity: Self.identity)
                == nil
        )
        #expect(memo.key(.post, path: "/v1/analyze/hashtag", body: nil, identity: Self.identity) == nil)
        #expect(memo.key(.post, path: "/analyze-tiktok-hashtags", body: body, identity: Self.identity) == nil)
        #expect(memo.key(.get, path: "/v1/analyze/hashtag", body: body, identity: Self.identity) == nil)
        let other = EngineIdentity.Value(analyzer: "local/local-7", defaultModel: "")
        #expect(memo.key(.post, path: "/v1/analyze/hashtag", body: body, identity: other) == nil)
    }

    /// It keeps its own copy of exactly the body's bytes: a body is a slice of the connection's read buffer, which an
    /// idle connection's memo must not keep alive.
    @Test func itKeepsOnlyTheBodysBytes() {
        var memo = RepeatedRequestMemo()
        var read = ByteBuffer(repeating: UInt8(ascii: " "), count: 64 << 10)
        read.setString(#"{"hashtag":"skincare"}"#, at: 100)
        let body = read.getSlice(at: 100, length: 22)!
        memo.remember(Self.key, route: Self.route, method: .post, path: "/v1/analyze/hashtag", body: body, identity: Self.identity)
        #expect(memo.bodyStorageBytes < 1024, "\(memo.bodyStorageBytes) bytes kept for a 22-byte body")
        #expect(memo.key(.post, path: "/v1/analyze/hashtag", body: ByteBuffer(string: #"{"hashtag":"skincare"}"#), identity: Self.identity) != nil)
    }

    @Test func aLargeRequestIsNotRemembered() {
        var memo = RepeatedRequestMemo()
        let large = ByteBuffer(repeating: UInt8(ascii: " "), count: RepeatedRequestMemo.maximumBytes + 1)
        memo.remember(Self.key, route: Self.route, method: .post, path: "/v1/analyze/hashtag", body: large, identity: Self.identity)
        #expect(memo.key(.post, path: "/v1/analyze/hashtag", body: large, identity: Self.identity) == nil)
        let path = "/v1/hashtags/skincare/analysis?prompt=" + String(repeating: "a", count: RepeatedRequestMemo.maximumBytes)
        memo.remember(Self.key, route: Self.route, method: .get, path: path, body: nil, identity: Self.identity)
        #expect(memo.key(.get, path: path, body: nil, identity: Self.identity) == nil)
    }
}
