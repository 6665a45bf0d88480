import Foundation
import HTTPTypes
import Hummingbird
import TagPulseWire

/// An error a client sees, as RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail`, a stable
/// upper-snake-case `code` (one of ``ProblemCode``), the `request_id`, and per-code extras (`errors` for field violations). Every error
/// that leaves the gateway is one of these; the mapping from other errors lives in `ProblemMiddleware`.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: ProblemCode
    public var title: String
    public var detail: String
    /// Seconds, sent as `Retry-After` (on 429 and 503 always).
    public var retryAfterSeconds: Int?
    public var violations: [FieldViolation]
    /// For `RATE_LIMITED`: the names of the policy windows that refused the request.
    public var violatedPolicies: [String] = []
    /// Extra response headers (the rate-limit headers of a 429).
    public var headers: HTTPFields = [:]

    public init(
        status: HTTPResponse.Status,
        code: ProblemCode,
        title: String,
        detail: String,
        retryAfterSeconds: Int? = nil,
        violations: [FieldViolation] = []
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.retryAfterSeconds = retryAfterSeconds
        self.violations = violations
    }

    /// `urn:tagpulse:problem:validation-failed` for `VALIDATION_FAILED`; documented in the README.
    public var type: String { self.code.type }
}

extension APIError {
    public static func invalidJSON(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: .invalidJSON, title: "Malformed JSON body", detail: detail)
    }

    public static func validationFailed(_ violations: [FieldViolation]) -> APIError {
        APIError(
            status: .unprocessableContent,
            code: .validationFailed,
            title: "The request body breaks field rules",
            detail: violations.map(\.description).joined(separator: "; "),
            violations: violations
        )
    }

    public static let unauthorized = APIError(
        status: .unauthorized,
        code: .unauthorized,
        title: "Missing or invalid API key",
        detail: "send a valid key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
    )

    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge,
            code: .payloadTooLarge,
            title: "Request body too large",
            detail: "the body must be at most \(limit) bytes"
        )
    }

    public static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType,
        code: .unsupportedMediaType,
        title: "Unsupported media type",
        detail: "send the body as 'Content-Type: application/json'"
    )

    public static let notFound = APIError(status: .notFound, code: .notFound, title: "Not found", detail: "no such endpoint")

    public static let methodNotAllowed = APIError(
        status: .methodNotAllowed,
        code: .methodNotAllowed,
        title: "Method not allowed",
        detail: "this endpoint does not accept that method"
    )

    public static let internalError = APIError(
        status: .internalServerError,
        code: .internalError,
        title: "Internal error",
        detail: "the gateway failed to process the request; quote the request id when reporting it"
    )
}
