import NIOCore
import TagPulseCache
import TagPulseWire

extension WarmRunner {
    /// How one item ended.
    struct Outcome: Sendable, Equatable {
        var status: WarmItemStatus
        var error: WarmItemError?

        static let warmed = Outcome(status: .warmed)
        static let fresh = Outcome(status: .fresh)
        static func failed(_ error: WarmItemError) -> Outcome { Outcome(status: .failed, error: error) }
    }

    /// Warms one item through the cache's own fill path (single-flight, fleet lease, store, notice), charged to the
    /// fleet's `upstream` budget only (never to the caller's `requests` or `analyses`). A fresh entry is left alone.
    /// When the budget refuses, waits its `Retry-After` and tries again, until ``WarmSettings/itemTimeout``.
    func warm(_ item: WarmItem, requestID: String) async -> Outcome {
        let deadline = ContinuousClock.now + self.settings.itemTimeout
        guard let identity = await self.cache.identity.current(requestID: requestID) else {
            return .failed(WarmItemError(APIError(EngineClientError.unavailable)))
        }
        let key = CacheKey(kind: item.kind, params: item.params, analyzer: identity.analyzer, defaultModel: identity.defaultModel)
        if let stored = try? await self.cache.store.lookup(key).get(), stored.state(at: self.nowMilliseconds()).isFresh {
            return stored.status == 200 ? .fresh : .failed(Self.negative(stored))
        }
        while true {
            do {
                let filled = try await self.cache.fill(
                    item.kind,
                    params: item.params,
                    key: key,
                    notBefore: Int64.min,
                    chargeTo: nil,
                    account: .warm,
                    requestID: requestID
                )
                if filled.entry.status != 200 { return .failed(Self.negative(filled.entry)) }
                if filled.collapsed { return .fresh }
                return filled.stored ? .warmed : .failed(.notStored)
            } catch let problem as APIError where problem.code == .rateLimited {
                let wait = Duration.seconds(max(1, problem.retryAfterSeconds ?? 1))
                guard ContinuousClock.now + wait < deadline else {
                    return .failed(
                        WarmItemError(
                            code: problem.code,
                            detail: "the fleet's upstream budget (ratelimit.upstream) had no room before the item's deadline (warm.item_timeout_ms)"
                        )
                    )
                }
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    return .failed(.interrupted)
                }
            } catch let problem as APIError {
                return .failed(WarmItemError(problem))
            } catch is CancellationError {
                return .failed(.interrupted)
            } catch {
                return .failed(WarmItemError(.internalError))
            }
        }
    }

    /// A negative entry (the engine found nothing to analyse) as the item's error, with the engine's words.
    static func negative(_ entry: CacheEntry) -> WarmItemError {
        let detail = (try? Gzip.decompress(entry.compressedBody, maximumOutputBytes: 4096)).map { String(buffer: $0) }
        return WarmItemError(code: .targetNotFound, detail: detail.flatMap { $0.isEmpty ? nil : $0 } ?? "nothing to analyse for this target")
    }
}
