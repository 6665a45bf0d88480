import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseWire

extension APIError {
    /// The problem+json response, with `Retry-After` when the error has one.
    public func response(requestID: String) -> Response {
        let (headers, buffer) = self.problemParts(requestID: requestID)
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// The problem's headers and body (for handlers that answer without Hummingbird).
    func problemParts(requestID: String) -> (headers: HTTPFields, body: ByteBuffer) {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        if let retryAfter = self.retryAfterSeconds { headers[.retryAfter] = String(retryAfter) }
        let body = ProblemBody(
            type: self.type,
            title: self.title,
            status: Int(self.status.code),
            detail: self.detail,
            code: self.code.rawValue,
            requestID: requestID,
            errors: self.violations.isEmpty ? nil : self.violations,
            violatedPolicies: self.violatedPolicies.isEmpty ? nil : self.violatedPolicies
        )
        let buffer =
            (try? JSONEncoder().encodeAsByteBuffer(body, allocator: ByteBufferAllocator()))
            ?? ByteBuffer(string: #"{"title":"Internal error","status":500,"code":"INTERNAL_ERROR"}"#)
        return (headers, buffer)
    }
}

/// The RFC 9457 body. `errors` lists field violations for `VALIDATION_FAILED`; `violated_policies` the refusing
/// windows for `RATE_LIMITED`.
struct ProblemBody: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var requestID: String
    var errors: [FieldViolation]?
    var violatedPolicies: [String]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, errors
        case requestID = "request_id"
        case violatedPolicies = "violated_policies"
    }
}

/// Hummingbird's own error protocol: an `APIError` thrown past ``ProblemMiddleware`` (or where no such middleware
/// runs) still answers as the same problem+json, with the gateway's request id when the context has one.
extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let requestID =
            (context as? GatewayRequestContext)?.requestID.nilIfEmpty
            ?? request.headers[RequestTracingMiddleware.requestIDHeader].flatMap { RequestTracingMiddleware.isWellFormed($0) ? $0 : nil }
            ?? RequestTracingMiddleware.randomID()
        return self.response(requestID: requestID)
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { self.isEmpty ? nil : self }
}
