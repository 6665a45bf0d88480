import HTTPTypes
import Logging
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseTracing
import TagPulseWire

// A hit's answer from its look-up, and what is recorded of it (metrics, usage, span, access line).
extension EventLoopHits {
    /// One request being answered: what its response, the log line and metrics need (not the whole ``HitRequest``:
    /// copying its eleven fields into every hit's context was a retain and a release each).
    struct Answering {
        var method: HTTPRequest.Method
        var acceptsGzip: Bool
        var ifNoneMatch: String?
        var key: CacheKey
        var route: HitRoute
        var caller: AuthenticatedKey
        var requestID: HitRequestID
        var trace: HitTrace
        var parentSpanID: String?
        var started: NIODeadline
        /// Wall-clock start for the span (0 when span export is off).
        var startedUnix: UInt64
    }

    func answer(_ lookup: HitLookup, _ request: Answering, now: Int64, eventLoop: any EventLoop) -> HitAnswer {
        guard lookup.decision.allowed else {
            var (problem, body) = APIError.rateLimited(lookup.decision).eventLoopProblem(requestID: request.requestID.string, closing: false)
            problem[.date] = HTTPDate.now
            problem[RequestTracingMiddleware.traceparentHeader] = request.trace.context.traceparent
            if let state = request.trace.state { problem[RequestTracingMiddleware.tracestateHeader] = state }
            RateLimitHeaders.add(lookup.decision, to: &problem)
            let response = HTTPResponse(status: .tooManyRequests, headerFields: problem)
            self.usage?.recordAnswer(UsageAccount(request.caller), hit: .none, refused: true, bodyBytes: body.readableBytes)
            self.completed(response.status, cacheStatus: "", request)
            return .respond(response, body)
        }
        guard let (hot, head) = lookup.freshHot(at: now),
            let prepared = HitResponse.response(
                hot,
                head: head,
                acceptsGzip: request.acceptsGzip,
                ifNoneMatch: request.ifNoneMatch,
                now: now,
                decision: lookup.decision,
                requestID: request.requestID,
                trace: request.trace
            )
        else {
            // The router takes it from here, with this look-up: no second charge, no refund, no second read.
            guard lookup.refundable else { return .forward }
            return .handOver(token: self.core.handOver(lookup, key: request.key, caller: request.caller, on: eventLoop))
        }
        self.metrics.cacheLookup(.hit)
        self.usage?.recordAnswer(UsageAccount(request.caller), hit: .fresh, refused: false, bodyBytes: prepared.bodyLength)
        // Read here, not in the autoclosure: capturing `prepared` there copied the whole answer into the closure's
        // context and destroyed it after (0.5 % of a leased hit's samples, `perf`, 2026-12-08).
        let cacheStatus = self.logsAccess ? prepared.cacheStatus : ""
        self.completed(prepared.status, cacheStatus: cacheStatus, request)
        return .respondPrepared(prepared)
    }

    func completed(_ status: HTTPResponse.Status, cacheStatus: @autoclosure () -> String, _ request: Answering) {
        let elapsed = (NIODeadline.now() - request.started).nanoseconds
        request.route.recordRequest(status: Int(status.code), nanoseconds: elapsed)
        if let spans = self.spans, request.trace.isSampled {
            spans.record(
                .httpServer(
                    trace: request.trace.context,
                    parentSpanID: request.parentSpanID,
                    method: request.method.rawValue,
                    route: request.route.template,
                    status: Int(status.code),
                    startUnixNanoseconds: request.startedUnix,
                    durationNanoseconds: elapsed
                )
            )
        }
        // The access line's metadata is built only when it will be written (every hit passes here).
        guard self.logsAccess else { return }
        let trace = request.trace.context
        var metadata: Logger.Metadata = [
            "request.id": .string(request.requestID.string), "apikey.id": "\(request.caller.id)", "http.method": "\(request.method.rawValue)",
            "http.handler": .string(self.handler), "http.route": .string(request.route.template), "http.status": .stringConvertible(Int(status.code)),
            "cache.status": .string(cacheStatus()),
            "duration_ms": .stringConvertible(RequestTracingMiddleware.milliseconds(elapsed)),
            "trace.id": .string(trace.traceID), "span.id": .string(trace.spanID),
        ]
        if let parent = request.parentSpanID { metadata["span.parent_id"] = .string(parent) }
        self.logger.info("request.completed", metadata: metadata)
    }
}
