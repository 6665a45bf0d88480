import Foundation
import HTTPTypes
import Hummingbird
import TagPulseWire

/// An error a client sees, as RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail`, a stable
/// upper-snake-case `code`, the `request_id`, and per-code extras (`errors` for field violations). Every error
/// that leaves the gateway is one of these; the mapping from other errors lives in `ProblemMiddleware`.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
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
        code: String,
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
    public var type: String { "urn:tagpulse:problem:" + self.code.lowercased().replacingOccurrences(of: "_", with: "-") }
}

extension APIError {
    public static func invalidJSON(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "INVALID_JSON", title: "Malformed JSON body", detail: detail)
    }

    public static func validationFailed(_ violations: [FieldViolation]) -> APIError {
        APIError(
            status: .unprocessableContent,
            code: "VALIDATION_FAILED",
            title: "The request body breaks field rules",
            detail: violations.map(\.description).joined(separator: "; "),
            violations: violations
        )
    }

    public static let unauthorized = APIError(
        status: .unauthorized,
        code: "UNAUTHORIZED",
        title: "Missing or invalid API key",
        detail: "send a valid key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
    )

    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge,
            code: "PAYLOAD_TOO_LARGE",
            title: "Request body too large",
            detail: "the body must be at most \(limit) bytes"
        )
    }

    public static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType,
        code: "UNSUPPORTED_MEDIA_TYPE",
        title: "Unsupported media type",
        detail: "send the body as 'Content-Type: application/json'"
    )

    public static let notFound = APIError(status: .notFound, code: "NOT_FOUND", title: "Not found", detail: "no such endpoint")

    public static let methodNotAllowed = APIError(
        status: .methodNotAllowed,
        code: "METHOD_NOT_ALLOWED",
        title: "Method not allowed",
        detail: "this endpoint does not accept that method"
    )

    public static let internalError = APIError(
        status: .internalServerError,
        code: "INTERNAL_ERROR",
        title: "Internal error",
        detail: "the gateway failed to process the request; quote the request id when reporting it"
    )
}
