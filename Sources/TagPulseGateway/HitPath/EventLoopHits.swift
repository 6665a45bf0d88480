import HTTPTypes
import Logging
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseTracing
import TagPulseWire

/// The event loop's side of the hit path (decision 0003): which requests may be hits, and their answers from the
/// ``HitCore``.
///
/// A candidate is `GET /v1/hashtags/{tag}/analysis` or a JSON `POST` to an analysis route (`/v1/analyze/*` and the
/// original's paths), with no `Origin` (CORS), `Cache-Control` or `Pragma`. It is answered here when the presented
/// key is known to this instance with the `analyze` scope, the engine's identity is known, the request parses, and
/// the entry is a fresh 200; a 429 of an exhausted window is answered here too. Everything else goes to the router
/// as if this path did not exist (its `requests` charge given back first): misses, stale entries, errors, directives,
/// unknown keys, malformed bodies.
///
/// A class: a hit waiting for Redis keeps it in its completion's context, one reference where the fields of a struct
/// were each retained and released (the contexts' teardown was 1.5 % of an exact hit's samples, `perf`, 2026-12-07).
final class EventLoopHits: HitResolving {
    /// The instance's and each client's in-flight caps, shared with the router: a request over either goes to the
    /// router, which refuses it (503 `OVERLOADED`, 429 `TOO_MANY_IN_FLIGHT`) exactly as it would any other.
    let inFlight: InFlightRequests
    let core: HitCore
    let identity: EngineIdentity
    let memo: HitKeyMemo
    let metrics: GatewayMetrics
    /// The routes answered here, with their request metrics.
    let routes: HitRoutes
    let logger: Logger
    /// Draws a request id's two words (``RequestTracingMiddleware/randomIDWords()``).
    let drawRequestID: @Sendable () -> (UInt64, UInt64)
    /// Counts the hits and refusals answered here per client and key, in memory (nil: usage counting is off).
    let usage: UsageRecorder?
    /// The access line's `http.handler`: `event-loop` (``HitPathHandler``) or `front` (``HitFrontHandler``).
    let handler: String
    /// Where a sampled hit's server span goes (nil: span export is off, and a hit pays this nil check only).
    let spans: SpanRecorder?
    /// Whether the access line is written (`log.level` info or finer; read once: a hit does not copy the logger's
    /// handler to ask).
    let logsAccess: Bool

    init(
        inFlight: InFlightRequests,
        core: HitCore,
        identity: EngineIdentity,
        memo: HitKeyMemo,
        metrics: GatewayMetrics,
        routes: HitRoutes,
        logger: Logger,
        drawRequestID: @escaping @Sendable () -> (UInt64, UInt64),
        usage: UsageRecorder? = nil,
        spans: SpanRecorder? = nil,
        handler: String = "event-loop"
    ) {
        self.inFlight = inFlight
        self.core = core
        self.identity = identity
        self.memo = memo
        self.metrics = metrics
        self.routes = routes
        self.logger = logger
        self.drawRequestID = drawRequestID
        self.usage = usage
        self.spans = spans
        self.handler = handler
        self.logsAccess = logger.logLevel <= .info
    }

    func forFront() -> any HitResolving {
        EventLoopHits(
            inFlight: self.inFlight,
            core: self.core,
            identity: self.identity,
            memo: self.memo,
            metrics: self.metrics,
            routes: self.routes,
            logger: self.logger,
            drawRequestID: self.drawRequestID,
            usage: self.usage,
            spans: self.spans,
            handler: "front"
        )
    }

    static let pragma = HTTPField.Name("Pragma")!
    static let getPrefix = "/v1/hashtags/"
    static let getSuffix = "/analysis"

    func candidate(_ request: HitRequest) -> HitCandidate? {
        guard !request.isUnusual else { return nil }
        switch request.method {
        case .get:
            return request.path.hasPrefix(Self.getPrefix) ? .get : nil
        case .post:
            let limit = self.core.settings.maxEventLoopBodyBytes
            guard limit > 0, self.routes.post[request.path] != nil, AnalysisController.isJSON(request.contentType) else { return nil }
            if let declared = request.contentLength.flatMap({ Int($0) }), declared > limit { return nil }
            return .post(maximumBodyBytes: limit)
        default:
            return nil
        }
    }

    func resolve(_ request: HitRequest, body: ByteBuffer?, memo: inout HitConnectionMemo, later: HitLater) -> HitResolution? {
        let eventLoop = later.eventLoop
        let authenticator = self.core.access.authenticator
        // One wall-clock reading for what is decided within this call.
        let now = self.core.nowMilliseconds()
        guard
            let caller = memo.keys.caller(
                authorization: request.authorization,
                apiKey: request.apiKey,
                changes: authenticator.changes,
                now: now,
                authenticate: authenticator.cachedKey
            ),
            caller.allows(.analyze),
            let identity = self.identity.cachedValue(at: now),
            let (key, route) = self.key(request.method, path: request.path, body: body, identity: identity, memo: &memo.request)
        else { return nil }
        let requestID =
            request.requestID.flatMap { RequestTracingMiddleware.isWellFormed($0) ? HitRequestID(sent: $0) : nil }
            ?? HitRequestID(drawn: self.drawRequestID())
        let (trace, parentSpanID) = self.trace(request)
        let answering = Answering(
            method: request.method,
            acceptsGzip: request.acceptsGzip,
            ifNoneMatch: request.ifNoneMatch,
            key: key,
            route: route,
            caller: caller,
            requestID: requestID,
            trace: trace,
            parentSpanID: parentSpanID,
            started: NIODeadline.now(),
            startedUnix: self.spans == nil ? 0 : SpanClock.nowUnixNanoseconds()
        )
        // Leased mode's steady state is answered within this call: not counted in flight when it would be let in
        // (``InFlightRequests/admitsAnswerWithinCall()``); near a cap it is counted, and refused, as any other.
        let counted = !self.inFlight.admitsAnswerWithinCall()
        if counted {
            guard self.enter(caller) else { return nil }
        }
        if let lookup = self.core.lookUpNow(key, caller: caller, now: now) {
            let answer = self.answer(lookup, answering, now: now, eventLoop: eventLoop)
            if counted { self.leave(caller) }
            return .now(answer)
        }
        if !counted {
            guard self.enter(caller) else { return nil }
        }
        // The answer goes to `later` from the look-up's callback: no promise, no future and no hop per hit (their
        // making, generic metadata and teardown were 3.5 % of an exact hit's samples, `perf`, 2026-12-07).
        // The callback takes the caller from `answering` (capturing both would retain its strings twice per hit).
        self.core.lookUp(key, caller: caller, on: eventLoop) { result in
            guard case .success(let lookup) = result else {
                self.leave(answering.caller)
                later.answer(.forward)
                return
            }
            // A fresh 200 this instance does not hold yet: fetch its body once (then it is hot).
            guard lookup.decision.allowed, case .stored(let head, nil) = lookup.entry, head.status == 200,
                head.state(at: self.core.nowMilliseconds()).isFresh
            else {
                let answer = self.answer(lookup, answering, now: self.core.nowMilliseconds(), eventLoop: eventLoop)
                self.leave(answering.caller)
                later.answer(answer)
                return
            }
            self.core.fetch(key).whenComplete { fetched in
                var found = lookup
                if case .success(let (entry, kept)?) = fetched, entry.head.isSameVersion(as: head) {
                    let hot =
                        kept
                        ?? (try? HotEntry(
                            hex: key.hex,
                            entry: entry,
                            confirmedAt: self.core.nowMilliseconds(),
                            maximumBodyBytes: HitCore.maximumBodyBytes
                        ))
                    found.entry = .stored(entry.head, hot: hot)
                }
                let answer = self.answer(found, answering, now: self.core.nowMilliseconds(), eventLoop: eventLoop)
                self.leave(answering.caller)
                later.answer(answer)
            }
        }
        return .later
    }

    /// The hit's span: as ``RequestTracingMiddleware/trace(traceparent:tracestate:spans:)`` makes it, kept as words
    /// when it is a new trace and spans are not exported (``HitTrace``).
    private func trace(_ request: HitRequest) -> (HitTrace, String?) {
        guard request.traceparent != nil || self.spans != nil else { return (HitTrace.start(), nil) }
        let (trace, parent) = RequestTracingMiddleware.trace(traceparent: request.traceparent, tracestate: request.tracestate, spans: self.spans)
        return (HitTrace(trace), parent)
    }

    /// Counts the request in flight, for the instance and its client; false (nothing counted) over either cap.
    private func enter(_ caller: AuthenticatedKey) -> Bool {
        guard self.inFlight.enter() else { return false }
        guard self.inFlight.perClient.acquire(caller.client) else {
            self.inFlight.leave()
            return false
        }
        self.metrics.inFlight.increment()
        return true
    }

    private func leave(_ caller: AuthenticatedKey) {
        self.metrics.inFlight.decrement()
        self.inFlight.perClient.release(caller.client)
        self.inFlight.leave()
    }

    /// The request's cache key and route template: the connection's last request's when this is the same again, else
    /// from the memo or parsed (nil: not a valid analysis request). A memo hit costs one hash of the path (and body):
    /// the path is only taken apart when the memo does not know it.
    private func key(
        _ method: HTTPRequest.Method,
        path: String,
        body: ByteBuffer?,
        identity: EngineIdentity.Value,
        memo: inout RepeatedRequestMemo
    ) -> (CacheKey, HitRoute)? {
        if let repeated = memo.key(method, path: path, body: body, identity: identity) { return repeated }
        let route: HitRoute
        if method == .get {
            route = self.routes.get
        } else {
            guard let post = self.routes.post[path] else { return nil }
            route = post
        }
        let key = self.memo.key(path: path, body: body, identity: identity) {
            guard let params = Self.params(route.kind, method: method, path: path, body: body) else { return nil }
            return CacheKey(kind: route.kind, params: params, analyzer: identity.analyzer, defaultModel: identity.defaultModel)
        }
        guard let key else { return nil }
        memo.remember(key, route: route, method: method, path: path, body: body, identity: identity)
        return (key, route)
    }

    private static func params(_ kind: AnalysisKind, method: HTTPRequest.Method, path: String, body: ByteBuffer?) -> AnalysisParams? {
        if method == .post {
            return body.flatMap { try? AnalysisRequestParser.parse($0, kind: kind) }
        }
        let (routePath, query) = Self.split(path)
        guard routePath.hasPrefix(Self.getPrefix), routePath.hasSuffix(Self.getSuffix),
            routePath.utf8.count > Self.getPrefix.utf8.count + Self.getSuffix.utf8.count
        else { return nil }
        let tag = routePath.dropFirst(Self.getPrefix.count).dropLast(Self.getSuffix.count)
        guard !tag.isEmpty, !tag.contains("/") else { return nil }
        return try? HashtagAnalysisQuery.parse(tag: String(tag), query: query.map(String.init))
    }

    /// `/v1/hashtags/x/analysis?a=b` → (`/v1/hashtags/x/analysis`, `a=b`).
    static func split(_ path: String) -> (Substring, Substring?) {
        guard let mark = path.firstIndex(of: "?") else { return (path[...], nil) }
        return (path[..<mark], path[path.index(after: mark)...])
    }
}
