import Synchronization
import TagPulseAccess
import TagPulseCache
import TagPulseWire
import Testing

@testable import TagPulseGateway

@Suite("HitHandoff")
struct HitHandoffTests {
    final class Clock: Sendable {
        let now = Atomic<Int64>(1_000)
    }

    let caller = AuthenticatedKey(id: "k", client: "acme", tier: "free", scopes: [.analyze])
    let lookup = HitLookup(decision: .unlimited, entry: .absent)

    func key(_ target: String) -> CacheKey {
        CacheKey(kind: .hashtag, params: AnalysisParams(target: target, prompt: "p"), analyzer: "a", defaultModel: "")
    }

    @Test func aTokenIsTakenOnceAndOnlyForItsKey() {
        let handoff = HitHandoff(nowMilliseconds: { 1_000 })
        let (token, expired) = handoff.file(self.lookup, key: self.key("a"), caller: self.caller)
        #expect(expired.isEmpty)
        #expect(handoff.take(token, key: self.key("b")) == nil, "another request's key")
        let (second, _) = handoff.file(self.lookup, key: self.key("a"), caller: self.caller)
        #expect(handoff.take(second, key: self.key("a")) != nil)
        #expect(handoff.take(second, key: self.key("a")) == nil, "taken once")
        #expect(handoff.take("not-hex", key: self.key("a")) == nil)
        #expect(handoff.count == 0)
    }

    @Test func anOldTokenIsNotHonoured() {
        let clock = Clock()
        let handoff = HitHandoff(nowMilliseconds: { clock.now.load(ordering: .relaxed) })
        let (token, _) = handoff.file(self.lookup, key: self.key("a"), caller: self.caller)
        clock.now.add(HitHandoff.lifetimeMilliseconds, ordering: .relaxed)
        #expect(handoff.take(token, key: self.key("a")) == nil)
    }
}
