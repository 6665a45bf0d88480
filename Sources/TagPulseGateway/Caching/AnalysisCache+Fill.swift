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
        while ContinuousClock.now < deadline {
            let token: String?
            do {
                token = try await self.lease.acquire(key, ttl: self.settings.leaseTTL).get()
            } catch {
                // No lease without Redis: fill without coalescing across instances (single-flight still holds here).
                return try await self.callEngine(
                    kind,
                    params: params,
                    key: key,
                    chargeTo: chargeTo,
                    account: account,
                    requestID: requestID,
                    token: nil
                )
            }
            if let token {
                // Someone may have filled it just before we took the lease.
                if let entry = try? await self.store.lookup(key).get(), entry.storedAt >= notBefore, entry.state(at: self.nowMilliseconds()).isFresh {
                    _ = self.lease.release(key, token: token)
                    return .filled(FillResult(entry: entry, stored: false, collapsed: true))
                }
                return try await self.callEngine(
                    kind,
                    params: params,
                    key: key,
                    chargeTo: chargeTo,
                    account: account,
                    requestID: requestID,
                    token: token
                )
            }
            let remaining = deadline - ContinuousClock.now
            _ = await self.notices.wait(for: key.hex, timeout: min(self.settings.waitSlice, max(.milliseconds(1), remaining)))
            if let entry = try? await self.store.lookup(key).get(), entry.storedAt >= notBefore, entry.state(at: self.nowMilliseconds()).isFresh {
                return .filled(FillResult(entry: entry, stored: false, collapsed: true))
            }
        }
        throw APIError(EngineClientError.timedOut)
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
            // Announced first (the notice drops every instance's older copy), then kept here.
            _ = try? await self.lease.announceFilled(key).get()
            self.hits.keep(entry, for: key)
        }
        self.notices.notify(key.hex)
        return .filled(FillResult(entry: entry, stored: stored, collapsed: false, analysesDecision: decision))
    }
}
