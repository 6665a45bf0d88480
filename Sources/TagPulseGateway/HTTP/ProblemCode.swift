/// Every stable `code` a problem response can carry, in one place: `APIError` takes only these, the OpenAPI
/// document's `ProblemCode` schema lists the same set and the README's "Errors" table documents each (tests compare
/// the three). A code never changes meaning once published; `type` is `urn:tagpulse:problem:` + the code in kebab
/// case.
public enum ProblemCode: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case invalidJSON = "INVALID_JSON"
    case badRequest = "BAD_REQUEST"
    case unauthorized = "UNAUTHORIZED"
    case keyRevoked = "KEY_REVOKED"
    case keyExpired = "KEY_EXPIRED"
    case forbidden = "FORBIDDEN"
    case corsOriginNotAllowed = "CORS_ORIGIN_NOT_ALLOWED"
    case notFound = "NOT_FOUND"
    case methodNotAllowed = "METHOD_NOT_ALLOWED"
    case targetNotFound = "TARGET_NOT_FOUND"
    case keyNotFound = "KEY_NOT_FOUND"
    case warmJobNotFound = "WARM_JOB_NOT_FOUND"
    case warmQueueFull = "WARM_QUEUE_FULL"
    case warmUnavailable = "WARM_UNAVAILABLE"
    case warmInterrupted = "WARM_INTERRUPTED"
    case warmNotStored = "WARM_NOT_STORED"
    case payloadTooLarge = "PAYLOAD_TOO_LARGE"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case validationFailed = "VALIDATION_FAILED"
    case rateLimited = "RATE_LIMITED"
    case headersTooLarge = "HEADERS_TOO_LARGE"
    case internalError = "INTERNAL_ERROR"
    case upstreamError = "UPSTREAM_ERROR"
    case resultTooLarge = "RESULT_TOO_LARGE"
    case engineUnavailable = "ENGINE_UNAVAILABLE"
    case engineOverloaded = "ENGINE_OVERLOADED"
    case upstreamRateLimited = "UPSTREAM_RATE_LIMITED"
    case upstreamUnavailable = "UPSTREAM_UNAVAILABLE"
    case analysisUnavailable = "ANALYSIS_UNAVAILABLE"
    case overloaded = "OVERLOADED"
    case notReady = "NOT_READY"
    case draining = "DRAINING"
    case keyStoreUnavailable = "KEY_STORE_UNAVAILABLE"
    case cacheUnavailable = "CACHE_UNAVAILABLE"
    case rateLimitUnavailable = "RATE_LIMIT_UNAVAILABLE"
    case engineTimeout = "ENGINE_TIMEOUT"
    case analysisTimeout = "ANALYSIS_TIMEOUT"
    case notCached = "NOT_CACHED"
    case keyNotRotatable = "KEY_NOT_ROTATABLE"
    case bodyTimeout = "BODY_TIMEOUT"
    case tooManyInFlight = "TOO_MANY_IN_FLIGHT"
    case usageInvalidDate = "USAGE_INVALID_DATE"
    case usageRangeInverted = "USAGE_RANGE_INVERTED"
    case usageRangeTooLong = "USAGE_RANGE_TOO_LONG"
    case usageInvalidParameter = "USAGE_INVALID_PARAMETER"
    case usageForbidden = "USAGE_FORBIDDEN"
    case usageUnavailable = "USAGE_UNAVAILABLE"

    /// The code as clients see it (`RATE_LIMITED`), also in logs and metric labels.
    public var description: String { self.rawValue }

    /// `urn:tagpulse:problem:rate-limited` for `RATE_LIMITED`.
    public var type: String { "urn:tagpulse:problem:" + self.rawValue.lowercased().replacingOccurrences(of: "_", with: "-") }
}
