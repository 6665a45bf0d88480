import Logging
import TagPulseHTTPClient
import TagPulseTracing
import TagPulseWire

/// Every call to an upstream goes through here: the circuit breaker, a per-call timeout that never outlives the
/// request's deadline, and retries with backoff for what is worth retrying (timeouts, connection errors, 408,
/// 429 and 5xx), honouring `Retry-After`. Other answers (2xx, and 4xx such as a 404 for an unknown hashtag) are
/// returned for the caller to interpret. Exhausted failures become ``WireError``s with upstream codes.
struct UpstreamCaller: Sendable {
    let name: String
    let http: any UpstreamHTTPClient
    let breaker: CircuitBreaker
    let meter: UpstreamMeter
    let retry: RetryPolicy
    let callTimeout: Duration
    let random: @Sendable () -> Double
    let sleep: @Sendable (Duration) async throws -> Void
    /// Where each attempt's client span goes, for a sampled trace (nil: span export is off).
    let spans: SpanRecorder?

    init(
        name: String,
        http: any UpstreamHTTPClient,
        breaker: CircuitBreaker,
        retry: RetryPolicy,
        callTimeout: Duration,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        spans: SpanRecorder? = nil
    ) {
        self.spans = spans
        self.name = name
        self.http = http
        self.breaker = breaker
        self.meter = UpstreamMeter(name: name, breaker: breaker)
        self.retry = retry
        self.callTimeout = callTimeout
        self.random = random
        self.sleep = sleep
    }

    func call(_ template: UpstreamHTTPRequest) async throws -> UpstreamHTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let remaining = RequestDeadline.remaining(or: self.callTimeout * 4)
            guard remaining > .milliseconds(5) else {
                throw WireError(code: .upstreamTimeout, message: "no time left for the \(self.name) upstream", retryable: true)
            }
            let admission = self.breaker.admit()
            guard admission.allowed else {
                self.meter.record(.rejected)
                throw WireError(
                    code: .upstreamUnavailable,
                    message: "the \(self.name) upstream is failing; calls are paused",
                    retryable: true,
                    retryAfterSeconds: admission.retryAfter.map { Double($0.components.seconds) + 1 }
                )
            }
            var request = template
            request.timeout = min(self.callTimeout, remaining)
            UsageTally.current?.recordUpstreamCall()
            // Each attempt is a span of the request's trace (W3C Trace Context), sent by libcurl as `traceparent`.
            var attemptSpan: UpstreamAttemptSpan?
            if let trace = TraceContext.current {
                let child = trace.child()
                request.headers.append((name: "traceparent", value: child.traceparent))
                if let state = trace.state { request.headers.append((name: "tracestate", value: state)) }
                if let spans = self.spans, trace.isSampled {
                    attemptSpan = UpstreamAttemptSpan(recorder: spans, span: child, parentSpanID: trace.spanID, upstream: self.name, request: request)
                }
            }
            let failure: WireError
            var retryAfter: Duration?
            do {
                let response = try await self.http.execute(request)
                attemptSpan?.finish(status: response.status, error: nil)
                switch response.status {
                case 200..<300:
                    self.breaker.recordSuccess()
                    self.meter.record(.ok)
                    return response
                case 429:
                    self.breaker.recordSuccess()  // alive, just busy
                    self.meter.record(.rateLimited)
                    retryAfter = response.retryAfterSeconds.map { .milliseconds(Int64($0 * 1000)) }
                    failure = WireError(
                        code: .upstreamRateLimited,
                        message: "the \(self.name) upstream is rate limiting us",
                        retryable: true,
                        retryAfterSeconds: response.retryAfterSeconds ?? 60
                    )
                case 408, 500..<600:
                    self.breaker.recordFailure()
                    self.meter.record(.error)
                    retryAfter = response.retryAfterSeconds.map { .milliseconds(Int64($0 * 1000)) }
                    failure = WireError(code: .upstreamError, message: "the \(self.name) upstream answered HTTP \(response.status)", retryable: true)
                default:
                    self.breaker.recordSuccess()
                    self.meter.record(.clientError)
                    return response
                }
            } catch let error {
                attemptSpan?.finish(status: nil, error: "\(error.kind)")
                if error.kind == .cancelled { throw CancellationError() }
                self.breaker.recordFailure()
                self.meter.record(error.kind == .timeout ? .timeout : .error)
                failure =
                    error.kind == .timeout
                    ? WireError(code: .upstreamTimeout, message: "the \(self.name) upstream did not answer in time", retryable: true)
                    : WireError(code: .upstreamError, message: "the \(self.name) upstream could not be reached", retryable: true)
            }
            let left = RequestDeadline.remaining(or: self.callTimeout * 4)
            guard let pause = self.retry.delay(afterAttempt: attempt, retryAfter: retryAfter, remaining: left, random: self.random()) else {
                throw failure
            }
            try await self.sleep(pause)
        }
    }
}
