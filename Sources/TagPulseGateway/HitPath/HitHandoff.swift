import HTTPTypes
import Synchronization
import TagPulseAccess
import TagPulseCache

/// What the event loop already did for a request it hands to the router — the `requests` charge and the look-up —
/// so the router uses it instead of charging, refunding and looking up again (decision 0003).
///
/// The event loop files the look-up under a token and names the token in an internal request field
/// (``field``); the router takes it back once. `HitPathHandler` removes that field from every request a client
/// sends, so only the event loop can set it. Bounded: a token not taken within ``lifetimeMilliseconds`` (the router
/// refused the request before the cache, or the connection closed) is dropped, its charge given back.
final class HitHandoff: Sendable {
    static let field = HTTPField.Name("TagPulse-Internal-Hit")!
    static let lifetimeMilliseconds: Int64 = 30_000
    static let capacity = 10_000

    struct Filed: Sendable {
        var lookup: HitLookup
        var key: CacheKey
        /// Who was charged (a token never taken is refunded to them).
        var caller: AuthenticatedKey
        var filedAt: Int64
    }

    private struct State {
        var filed: [UInt64: Filed] = [:]
        var next: UInt64 = 0
    }

    private let state = Mutex(State())
    let nowMilliseconds: @Sendable () -> Int64

    init(nowMilliseconds: @escaping @Sendable () -> Int64) {
        self.nowMilliseconds = nowMilliseconds
    }

    /// Files `lookup` and returns its token; also returns what expired meanwhile (for the caller to refund).
    func file(_ lookup: HitLookup, key: CacheKey, caller: AuthenticatedKey) -> (token: String, expired: [Filed]) {
        let now = self.nowMilliseconds()
        return self.state.withLock { state in
            var expired: [Filed] = []
            if state.filed.count >= Self.capacity {
                for (token, filed) in state.filed where now - filed.filedAt >= Self.lifetimeMilliseconds || state.filed.count >= Self.capacity {
                    state.filed[token] = nil
                    expired.append(filed)
                }
            }
            state.next &+= 1
            state.filed[state.next] = Filed(lookup: lookup, key: key, caller: caller, filedAt: now)
            return (String(state.next, radix: 16), expired)
        }
    }

    /// Takes back what was filed under `token` for `key` (nil: unknown, taken, or another key).
    func take(_ token: String, key: CacheKey) -> HitLookup? {
        guard let number = UInt64(token, radix: 16) else { return nil }
        let now = self.nowMilliseconds()
        return self.state.withLock { state -> HitLookup? in
            guard let filed = state.filed.removeValue(forKey: number), filed.key == key, now - filed.filedAt < Self.lifetimeMilliseconds else {
                return nil
            }
            return filed.lookup
        }
    }

    /// Tokens filed and not taken (tests).
    var count: Int { self.state.withLock { $0.filed.count } }
}
