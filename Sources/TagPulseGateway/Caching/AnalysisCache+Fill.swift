import Foundation
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseWire

extension AnalysisCache {
    /// One engine call for `key` across the fleet: single-flight in this process, then the fill lease in Redis.
    /// `notBefore`: an entry stored earlier does not satisfy the caller (a forced refresh). `chargeTo`: whose
    /// `analyses` windows pay for the call (nil: only the fleet's upstream budget). `account`: whose usage the engine
    /// call and its upstream cost are counted for (the request that fills; waiters count a hit instead).
    func fill(
        _ kind: AnalysisKind,
        params: AnalysisParams,
        key: CacheKey,
        notBefore: Int64,
        chargeTo: AuthenticatedKey?,
        account: UsageAccount?,
        requestID: String
    ) async throws -> FillResult {
        while true {
            let (outcome, shared) = try await self.flights.run(key.hex) {
                try await self.fillAcrossFleet(
                    kind,
                    params: params,
                    key: key,
                    notBefore: notBefore,
                    chargeTo: chargeTo,
                    account: account,
                    requestID: requestID
                )
            }
            switch (outcome, shared) {
            case (.filled(let result), false):
                return result
            case (.filled(let result), true):
                // Another request's fill: good unless this one asked for something newer.
                guard result.entry.storedAt >= notBefore else { continue }
                return FillResult(entry: result.entry, stored: result.stored, collapsed: true)
            case (.refused(let problem), false):
                throw problem
            case (.refused, true):
                // The filler was refused by its own windows; this request tries with its own.
                continue
            }
        }
    }

    /// The holder's side: take the lease (or wait for the holder's notice), call the engine, store, announce.
    ///
    /// Redis failures keep the fleet's one engine call wherever the outcome is unknown:
    /// - Redis unreachable (no connection up): no lease, fill anyway (single-flight still holds here);
    /// - the lease request got no reply (timed out, connection closed): it may have been granted, so this request
    ///   waits like a follower and then asks again with the same token (`redis/lease-reacquire.lua`), learning whether
    ///   it holds the lease;
    /// - the holder's look-up for an entry stored just before got no reply: it looks again after a wait, keeping the
    ///   lease, rather than calling the engine for an answer that may be stored already.
    func fillAcrossFleet(
        _ kind: AnalysisKind,
        params: AnalysisParams,
        key: CacheKey,
        notBefore: Int64,
        chargeTo: AuthenticatedKey?,
        account: UsageAccount?,
        requestID: String
    ) async throws -> FillOutcome {
        let deadline = ContinuousClock.now + self.requestTimeout
        // One token for the whole fill, so a lease granted to a request whose reply was lost is recognised as its own.
        let token = FillLease.token()
        /// The engine call, releasing `lease` (this request's token, when it holds or may hold the lease) after.
        func fill(releasing lease: String?) async throws -> FillOutcome {
            try await self.callEngine(kind, params: params, key: key, chargeTo: chargeTo, account: account, requestID: requestID, token: lease)
        }
        var unsure = false
        while ContinuousClock.now < deadline {
            let held: Bool?
            do {
                held =
                    unsure
                    ? try await self.lease.reacquire(key, ttl: self.settings.leaseTTL, token: token).get()
                    : try await self.lease.acquire(key, ttl: self.settings.leaseTTL, token: token).get() != nil
            } catch {
                switch FillFailure(error) {
                case .unreachable, .refused:
                    // No lease without Redis: fill without coalescing across instances (single-flight still holds
                    // here). A lease this request may hold is released after, or expires.
                    return try await fill(releasing: unsure ? token : nil)
                case .unknown:
                    held = nil
                }
            }
            unsure = held == nil
            if held == true {
                switch try await self.recheck(key, notBefore: notBefore, deadline: deadline) {
                case .stored(let entry):
                    _ = self.lease.release(key, token: token)
                    return .filled(FillResult(entry: entry, stored: false, collapsed: true))
                case .absent:
                    break
                case .unknown:
                    _ = self.lease.release(key, token: token)
                    throw APIError(EngineClientError.timedOut)
                }
                return try await fill(releasing: token)
            }
            let remaining = deadline - ContinuousClock.now
            _ = await self.notices.wait(for: key.hex, timeout: min(self.settings.waitSlice, max(.milliseconds(1), remaining)))
            if let entry = try? await self.store.lookup(key).get(), entry.storedAt >= notBefore, entry.state(at: self.nowMilliseconds()).isFresh {
                if unsure { _ = self.lease.release(key, token: token) }
                return .filled(FillResult(entry: entry, stored: false, collapsed: true))
            }
        }
        if unsure { _ = self.lease.release(key, token: token) }
        throw APIError(EngineClientError.timedOut)
    }

    /// What the lease holder finds stored for `key` before calling the engine.
    enum Recheck {
        /// Filled just before the lease was taken: no engine call.
        case stored(CacheEntry)
        /// Nothing usable stored (or Redis is unreachable, or its reply was an error): the engine is called.
        case absent
        /// Every look-up until `deadline` got no reply: whether it is filled is not known.
        case unknown
    }

    /// Someone may have filled `key` just before this request took the lease; a look-up without a reply is tried
    /// again every ``CacheSettings/waitSlice`` (or at a fill notice) until `deadline` rather than taken for "absent".
    private func recheck(_ key: CacheKey, notBefore: Int64, deadline: ContinuousClock.Instant) async throws -> Recheck {
        while true {
            do {
                guard let entry = try await self.store.lookup(key).get(), entry.storedAt >= notBefore,
                    entry.state(at: self.nowMilliseconds()).isFresh
                else { return .absent }
                return .stored(entry)
            } catch {
                guard FillFailure(error) == .unknown else { return .absent }
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return .unknown }
            _ = await self.notices.wait(for: key.hex, timeout: min(self.settings.waitSlice, remaining))
        }
    }

    /// Charges, calls the engine, stores the answer (a missing target as a negative entry), announces it, and
    /// releases the lease.
    private func callEngine(
        _ kind: AnalysisKind,
        params: AnalysisParams,
        key: CacheKey,
        chargeTo: AuthenticatedKey?,
        account: UsageAccount?,
        requestID: String,
        token: String?
    ) async throws -> FillOutcome {
        defer {
            if let token { _ = self.lease.release(key, token: token) }
        }
        let decision: RateDecision
        do {
            decision = try await self.access.chargeAnalyses(chargeTo, cost: AnalysisCost(params))
        } catch {
            throw APIError.rateLimitUnavailable
        }
        guard decision.allowed else { return .refused(.rateLimited(decision)) }
        let now = self.nowMilliseconds()
        let entry: CacheEntry
        do {
            let body: ByteBuffer
            do {
                body = try await self.engine.analyzeEncoded(kind, params: params, requestID: requestID)
            } catch {
                self.usage?.recordEngineCall(account, result: nil)
                throw error
            }
            self.usage?.recordEngineCall(account, result: body)
            entry = try CacheEntry(status: 200, body: body, tags: key.tags, storedAt: now, lifetimes: self.settings.lifetimes)
        } catch let error as EngineClientError {
            let problem = APIError(error)
            guard problem.code == .targetNotFound else { throw problem }
            let body = ByteBuffer(string: problem.detail)
            entry = try CacheEntry(status: 404, body: body, tags: key.tags, storedAt: now, lifetimes: self.settings.negativeLifetimes)
        }
        let stored = (try? await self.store.store(entry, for: key).get()) ?? false
        if stored {
            // The notice drops every instance's older copy. The new one is not kept hot here: the hot cache holds
            // what is hit, and a stream of fills (a warm-up script, a warm job, one-off questions) would otherwise
            // push the hit entries out of it. The first hit reads it once and keeps it.
            _ = try? await self.lease.announceFilled(key).get()
        }
        self.notices.notify(key.hex)
        return .filled(FillResult(entry: entry, stored: stored, collapsed: false, analysesDecision: decision))
    }
}
