import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseWire

/// The analysis routes' cache: one engine call per distinct request across the fleet, fresh answers in one Redis
/// round trip, stale answers while the engine is in trouble (DESIGN §6).
///
/// A request's `requests` charge and its cache lookup are one ``HitCore`` look-up (the same as the event loop's: one
/// round trip in exact mode, usually none in leased mode). Then:
/// - fresh entry → served (`Cache-Status: TagPulse; hit`);
/// - within stale-while-revalidate → served stale, and one background refresh is queued (once across the fleet:
///   the refresher needs the fill lease);
/// - otherwise (absent, expired, or `Cache-Control: no-cache`) → filled: in-process single-flight, then the fleet's
///   fill lease; the holder is charged `analyses` and calls the engine, everyone else waits for its notice
///   (`collapsed`). An engine failure serves the stale entry within stale-if-error, else the error.
public struct AnalysisCache: Sendable {
    let store: CacheStore
    let lease: FillLease
    let notices: FillNotices
    let refresher: CacheRefresher
    let identity: EngineIdentity
    let engine: any AnalysisEngine
    let access: GatewayAccess
    let settings: CacheSettings
    let requestTimeout: Duration
    let nowMilliseconds: @Sendable () -> Int64
    let metrics: GatewayMetrics
    /// The charge-and-look-up shared with the event loop, and the hot cache.
    let hits: HitCore
    let flights = SingleFlight<FillOutcome>()
    /// Uncompressed bodies by ETag of entries answered from Redis (stale answers, entries the hot cache does not
    /// hold), for clients that do not accept gzip; an eighth of `cache.hot_max_bytes` (``GatewayApplication/makeCache``).
    /// A fill's own answer is inflated once and not remembered, as it is not kept hot either.
    let bodies: InflatedBodies
    /// Counts engine calls and their upstream cost per account (nil: usage counting is off).
    var usage: UsageRecorder?

    /// What a fill produced, shared with the requests that waited for it.
    struct FillResult: Sendable {
        var entry: CacheEntry
        var stored: Bool
        /// Filled by another request (another instance, or one found when the lease was taken).
        var collapsed: Bool
        /// The filler's `analyses` + `upstream` charge (its response reports those windows).
        var analysesDecision: RateDecision?
    }

    /// A fill's end: an entry, or the filler's own `analyses` refusal (a waiter then tries for itself).
    enum FillOutcome: Sendable {
        case filled(FillResult)
        case refused(APIError)
    }

    func respond(_ kind: AnalysisKind, params: AnalysisParams, request: Request, context: GatewayRequestContext) async throws -> Response {
        let directives = CacheControlDirectives(request.headers[.cacheControl])
        guard let identity = await self.identity.current(requestID: context.requestID) else {
            // The engine never answered and no instance recorded what it runs: nothing can be keyed.
            throw APIError(EngineClientError.unavailable)
        }
        let key = CacheKey(kind: kind, params: params, analyzer: identity.analyzer, defaultModel: identity.defaultModel)
        let lookup: HitLookup
        if let token = request.headers[HitHandoff.field], let handed = self.hits.handoff.take(token, key: key) {
            lookup = handed  // charged and looked up on the event loop already
        } else {
            do {
                lookup = try await self.hits.lookUp(key, caller: context.key, on: self.store.control.eventLoopGroup.any()).get()
            } catch {
                throw APIError.rateLimitUnavailable
            }
        }
        let decision = lookup.decision
        guard decision.allowed else { throw APIError.rateLimited(decision) }
        do {
            var response: Response
            let now = self.nowMilliseconds()
            if let (hot, head) = lookup.freshHot(at: now), directives.accepts(head, at: now),
                let served = self.serve(hot, head: head, request)
            {
                response = served
            } else {
                let stored = try await self.entry(key, lookup)
                if let stored, let hot = stored.hot, directives.accepts(stored.entry.head, at: now),
                    let served = self.serve(hot, head: stored.entry.head, request)
                {
                    // Read in full and kept hot just now (a fresh 200): served from its hot form, as the next hit is,
                    // so its body is not inflated and held a second time.
                    response = served
                } else {
                    response = try await self.answer(
                        kind,
                        params: params,
                        key: key,
                        stored: stored?.entry,
                        directives: directives,
                        request: request,
                        context: context,
                        charged: decision
                    )
                }
            }
            response.headers = RateLimitHeaders.merge(decision, into: response.headers)
            return response
        } catch var error as APIError {
            error.headers = RateLimitHeaders.merge(decision, into: error.headers)
            throw error
        }
    }

    private func answer(
        _ kind: AnalysisKind,
        params: AnalysisParams,
        key: CacheKey,
        stored: CacheEntry?,
        directives: CacheControlDirectives,
        request: Request,
        context: GatewayRequestContext,
        charged: RateDecision
    ) async throws -> Response {
        let now = self.nowMilliseconds()
        let state = stored?.state(at: now)
        // A refresh: `no-cache`, `max-age=0`, or an entry that would answer (fresh, or within stale-while-revalidate)
        // but is older than the request's `max-age`. One past that is stale or a miss, whatever the directives.
        let refresh =
            directives.requiresRefresh || (stored.map { $0.state(at: now).answersWithoutEngine && !directives.accepts($0.head, at: now) } ?? false)
        if let stored, let state, !refresh {
            switch state {
            case .fresh:
                return try self.serve(stored, CacheStatus(.hit, ttl: stored.remainingFreshMilliseconds(at: now) / 1000), request, context, now)
            case .staleWhileRevalidate:
                self.refresher.enqueue(kind: kind, params: params, key: key, requestID: context.requestID)
                let status = CacheStatus(.hit, ttl: stored.remainingFreshMilliseconds(at: now) / 1000, detail: "stale-while-revalidate")
                return try self.serve(stored, status, request, context, now)
            case .staleIfError, .expired:
                break
            }
        }
        if directives.onlyIfCached {
            throw APIError(
                status: .gatewayTimeout,
                code: .notCached,
                title: "Not in the cache",
                detail: "nothing fresh is stored for this request (only-if-cached)"
            )
        }
        let mustBeNewerThan = refresh ? directives.oldestAcceptableStore(at: now) : Int64.min
        // A forced refresh by a key with the `warm` scope is not charged to its `analyses` windows (the upstream
        // budget still applies).
        let warm = refresh && context.key?.scopes.contains(.warm) == true
        do {
            let filled = try await self.fill(
                kind,
                params: params,
                key: key,
                notBefore: mustBeNewerThan,
                chargeTo: warm ? nil : context.key,
                account: context.key.map(UsageAccount.init),
                requestID: context.requestID
            )
            let reason: CacheStatus.ForwardReason = refresh ? .request : (stored == nil ? .uriMiss : .stale)
            let status =
                filled.collapsed
                ? CacheStatus(.hit, ttl: filled.entry.remainingFreshMilliseconds(at: now) / 1000, collapsed: true)
                : CacheStatus(.forward(reason, status: filled.entry.status), stored: filled.stored)
            var response = try self.serve(filled.entry, status, request, context, now, remember: false)
            if let analyses = filled.analysesDecision { RateLimitHeaders.add(analyses, to: &response.headers) }
            return response
        } catch let error as APIError where error.code == .rateLimited {
            await self.access.refundRequests(context.key, charged: charged)
            throw error
        } catch let error as APIError {
            guard let stored, Self.staleServes(error), let state, state != .expired else { throw error }
            context.logger.info("gateway.cache.stale_if_error", metadata: ["error.code": "\(error.code)"])
            let status = CacheStatus(
                .forward(.stale, status: Int(error.status.code)),
                ttl: stored.remainingFreshMilliseconds(at: now) / 1000,
                detail: "stale-if-error"
            )
            return try self.serve(stored, status, request, context, now)
        }
    }

    /// What is stored for `key` in full, as far as the look-up did not already tell (absent: nothing to read), and its
    /// hot form when it is a fresh 200 (then kept in the hot cache).
    private func entry(_ key: CacheKey, _ lookup: HitLookup) async throws -> (entry: CacheEntry, hot: HotEntry?)? {
        if case .absent = lookup.entry { return nil }
        guard let entry = try? await self.store.lookup(key).get() else { return nil }
        guard entry.status == 200, entry.state(at: self.nowMilliseconds()).isFresh else { return (entry, nil) }
        return (entry, self.hits.keep(entry, for: key))
    }

    /// A fresh hit from the hot cache; nil when its body's file could not be read back (then the stored entry answers).
    private func serve(_ hot: HotEntry, head: CacheEntryHead, _ request: Request) -> Response? {
        let now = self.nowMilliseconds()
        guard let parts = HitResponse.parts(hot, head: head, requestHeaders: request.headers, now: now) else { return nil }
        self.metrics.cacheLookup(.hit)
        guard let body = parts.body else { return Response(status: parts.status, headers: parts.fields) }
        return Response(status: parts.status, headers: parts.fields, body: .init(byteBuffer: body))
    }

    private func serve(
        _ entry: CacheEntry,
        _ status: CacheStatus,
        _ request: Request,
        _ context: GatewayRequestContext,
        _ now: Int64,
        remember: Bool = true
    ) throws -> Response {
        self.metrics.cacheLookup(status)
        let bodies = remember ? self.bodies : nil
        return try CachedResponse.make(entry, status: status, request: request, requestID: context.requestID, now: now, bodies: bodies)
    }

    /// Engine trouble a stale answer may stand in for (not a client's mistake, not a missing target).
    static func staleServes(_ error: APIError) -> Bool {
        switch error.code {
        case .engineUnavailable, .engineOverloaded, .engineTimeout, .analysisTimeout, .upstreamError, .upstreamRateLimited,
            .upstreamUnavailable, .analysisUnavailable, .internalError:
            true
        default:
            false
        }
    }
}
