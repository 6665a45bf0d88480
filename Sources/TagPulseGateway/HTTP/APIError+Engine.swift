import TagPulseWire

extension APIError {
    /// The one place engine outcomes become HTTP: client-side causes 4xx, engine and upstream trouble
    /// 502/503/504 (with `Retry-After` on 503), and only protocol bugs 500.
    public init(_ error: EngineClientError) {
        switch error.kind {
        case .unavailable, .connectionLost:
            self.init(
                status: .serviceUnavailable,
                code: .engineUnavailable,
                title: "Analysis engine unavailable",
                detail: "the analysis engine cannot be reached right now; retry shortly",
                retryAfterSeconds: 1
            )
        case .timedOut:
            self.init(status: .gatewayTimeout, code: .engineTimeout, title: "Analysis timed out", detail: "the analysis did not finish in time")
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
            self.init(status: .notFound, code: .targetNotFound, title: "Nothing to analyse", detail: wire.message)
        case .invalidParams:
            self.init(
                status: .unprocessableContent,
                code: .validationFailed,
                title: "The request body breaks field rules",
                detail: wire.message
            )
        case .overloaded:
            self.init(
                status: .serviceUnavailable,
                code: .engineOverloaded,
                title: "Analysis engine busy",
                detail: "the analysis engine is at capacity; retry shortly",
                retryAfterSeconds: retryAfter ?? 1
            )
        case .shuttingDown:
            self.init(
                status: .serviceUnavailable,
                code: .engineUnavailable,
                title: "Analysis engine unavailable",
                detail: "the analysis engine is restarting; retry shortly",
                retryAfterSeconds: retryAfter ?? 1
            )
        case .deadlineExceeded, .upstreamTimeout:
            self.init(status: .gatewayTimeout, code: .analysisTimeout, title: "Analysis timed out", detail: wire.message)
        case .upstreamRateLimited:
            self.init(
                status: .serviceUnavailable,
                code: .upstreamRateLimited,
                title: "Upstream rate limit",
                detail: wire.message,
                retryAfterSeconds: retryAfter ?? 60
            )
        case .upstreamUnavailable:
            self.init(
                status: .serviceUnavailable,
                code: .upstreamUnavailable,
                title: "Upstream unavailable",
                detail: wire.message,
                retryAfterSeconds: retryAfter ?? 10
            )
        case .resultTooLarge:
            self.init(status: .badGateway, code: .resultTooLarge, title: "Result too large", detail: wire.message)
        case .upstreamError:
            self.init(status: .badGateway, code: .upstreamError, title: "Upstream failure", detail: wire.message)
        case .analysisFailed:
            self.init(
                status: .serviceUnavailable,
                code: .analysisUnavailable,
                title: "Analysis failed",
                detail: wire.message,
                retryAfterSeconds: retryAfter ?? 5
            )
        default:
            self = .internalError
        }
    }
}
