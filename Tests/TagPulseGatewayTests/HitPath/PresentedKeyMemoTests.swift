import TagPulseAccess
import Testing

@testable import TagPulseGateway

/// A connection's memo of its last key: asked again for another key, after any change to the authenticator's cache,
/// once its answer is 100 ms old, and never for an unknown key.
@Suite("PresentedKeyMemo")
struct PresentedKeyMemoTests {
    static let key = "tp_abcdefghijkl_" + String(repeating: "S", count: 40)
    static let caller = AuthenticatedKey(id: "abcdefghijkl", client: "acme", tier: "free", scopes: [.analyze])

    /// Counts the authenticator's answers; knows only ``key``.
    final class Authenticator {
        var asked = 0
        func cachedKey(_ presented: String) -> AuthenticatedKey? {
            self.asked += 1
            return presented == PresentedKeyMemoTests.key ? PresentedKeyMemoTests.caller : nil
        }
    }

    @Test func theSameKeyWithNoChangeIsAnsweredFromTheMemoForAtMost100Milliseconds() {
        var memo = PresentedKeyMemo()
        let authenticator = Authenticator()
        for now in [1_000, 1_001, 1_099] as [Int64] {
            #expect(
                memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 7, now: now, authenticate: authenticator.cachedKey)
                    == Self.caller
            )
        }
        #expect(authenticator.asked == 1)
        #expect(
            memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 7, now: 1_100, authenticate: authenticator.cachedKey)
                == Self.caller
        )
        #expect(authenticator.asked == 2, "100 ms after it was given, the answer is asked for again")
        #expect(
            memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 7, now: 1_050, authenticate: authenticator.cachedKey)
                == Self.caller
        )
        #expect(authenticator.asked == 3, "a clock that went back does not extend an answer")
    }

    @Test func aChangeToTheAuthenticatorsCacheEndsTheAnswer() {
        var memo = PresentedKeyMemo()
        let authenticator = Authenticator()
        _ = memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 7, now: 0, authenticate: authenticator.cachedKey)
        _ = memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 8, now: 1, authenticate: authenticator.cachedKey)
        #expect(authenticator.asked == 2)
        // A revoked key: the authenticator no longer knows it, and the memo forgets it.
        let revoked = memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 9, now: 2) { _ in nil }
        #expect(revoked == nil)
        _ = memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 9, now: 3, authenticate: authenticator.cachedKey)
        #expect(authenticator.asked == 3, "an unknown answer is never kept")
    }

    @Test func anotherKeyIsNeverGivenTheMemosAnswer() {
        var memo = PresentedKeyMemo()
        let authenticator = Authenticator()
        _ = memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 0, now: 0, authenticate: authenticator.cachedKey)
        let others = [String(Self.key.dropLast()) + "T", String(Self.key.dropLast()), Self.key + "S", "", "tp_x"]
        for other in others {
            #expect(memo.caller(authorization: "Bearer " + other, apiKey: nil, changes: 0, now: 1, authenticate: authenticator.cachedKey) == nil)
        }
        #expect(authenticator.asked == others.count, "each asked, but the empty one, which presents no key")
    }

    @Test func theSameValueInTheOtherFieldOrSpelledOtherwiseIsAskedAgain() {
        var memo = PresentedKeyMemo()
        let authenticator = Authenticator()
        #expect(memo.caller(authorization: nil, apiKey: Self.key, changes: 0, now: 0, authenticate: authenticator.cachedKey) == Self.caller)
        #expect(
            memo.caller(authorization: Self.key, apiKey: nil, changes: 0, now: 1, authenticate: authenticator.cachedKey) == nil,
            "not a Bearer value"
        )
        #expect(
            memo.caller(authorization: "bearer  " + Self.key, apiKey: nil, changes: 0, now: 2, authenticate: authenticator.cachedKey) == Self.caller
        )
        #expect(
            memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 0, now: 3, authenticate: authenticator.cachedKey) == Self.caller
        )
        #expect(memo.caller(authorization: nil, apiKey: nil, changes: 0, now: 4, authenticate: authenticator.cachedKey) == nil)
        #expect(authenticator.asked == 3, "each new value asked once; no key presented, nothing asked")
        #expect(
            memo.caller(authorization: "Bearer " + Self.key, apiKey: nil, changes: 0, now: 5, authenticate: authenticator.cachedKey) == Self.caller
        )
        #expect(authenticator.asked == 4, "what was forgotten is asked again")
    }
}
