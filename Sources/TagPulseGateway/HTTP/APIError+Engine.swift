import TagPulseWire

extension APIError {
    /// The one place engine outcomes become HTTP: client-side causes 4xx, engine and upstream trouble
    /// 502/503/504 (with `Retry-After` on 503), and only protocol bugs 500.
    public init(_ error: EngineClientError) {
        switch error.kind {
        case .unavailable, .connectionLost:
            self.init(
                status: .serviceUnavailable,
                code: "ENGINE_UNAVAILABLE",
                title: "Analysis engine unavailable",
                detail: "the analysis engine cannot be reached right now; retry shortly",
                retryAfterSeconds: 1
            )
        case .timedOut:
            self.init(status: .gatewayTimeout, code: "ENGINE_TIMEOUT", title: "Analysis timed out", detail: "the analysis did not finish in time")
        case .protocolViolation:
            self = .internalError
        case .engine(let wire):
            self.init(wire)
        }
    }

    init(_ wire: WireError) {
        let retryAfter = wire.retryAfterSeconds.map { max(1, Int($0.rounded(.up))) }
        switch wire.code {
        case .targetNotFound:
            self.init(status: .notFound, code: "TARGET_NOT_FOUND", title: "Nothing to analyse", detail: wire.message)
        case .invalidParams:
            self.init(
                status: .unprocessableContent,
                code: "VALIDATION_FAILED",
                title: "The request body breaks field rules",
                detail: wire.message
            )
        case .overloaded:
            self.init(
                status: .serviceUnavailable,
                code: "ENGINE_OVERLOADED",
                title: "Analysis engine busy",
                detail: "the analysis engine is at capacity; retry shortly",
                retryAfterSeconds: retryAfter ?? 1
            )
        case .shuttingDown:
            self.init(
                status: .serviceUnavailable,
                code: "ENGINE_UNAVAILABLE",
                title: "Analysis engine unavailable",
                detail: "the analysis engine is restarting; retry shortly",
                retryAfterSeconds: retryAfter ?? 1
            )
        case .deadlineExceeded, .upstreamTimeout:
            self.init(status: .gatewayTimeout, code: "ANALYSIS_TIMEOUT", title: "Analysis timed out", detail: wire.message)
        case .upstreamRateLimited:
            self.init(
                status: .serviceUnavailable,
                code: "UPSTREAM_RATE_LIMITED",
                title: "Upstream rate limit",
                detail: wire.message,
                retryAfterSeconds: retryAfter ?? 60
            )
        case .upstreamUnavailable:
            self.init(
                status: .serviceUnavailable,
                code: "UPSTREAM_UNAVAILABLE",
                title: "Upstream unavailable",
                detail: wire.message,
                retryAfterSeconds: retryAfter ?? 10
            )
        case .resultTooLarge:
            self.init(status: .badGateway, code: "RESULT_TOO_LARGE", title: "Result too large", detail: wire.message)
        case .upstreamError:
            self.init(status: .badGateway, code: "UPSTREAM_ERROR", title: "Upstream failure", detail: wire.message)
        case .analysisFailed:
            self.init(
                status: .serviceUnavailable,
                code: "ANALYSIS_UNAVAILABLE",
                title: "Analysis failed",
                detail: wire.message,
                retryAfterSeconds: retryAfter ?? 5
            )
        default:
            self = .internalError
        }
    }
}
