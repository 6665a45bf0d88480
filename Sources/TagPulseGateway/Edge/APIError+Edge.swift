import Foundation
import HTTPTypes
import NIOCore

extension APIError {
    /// A preflight from an origin outside the CORS allow-list.
    public static let corsOriginNotAllowed = APIError(
        status: .forbidden,
        code: .corsOriginNotAllowed,
        title: "Origin not allowed",
        detail: "this origin is not allowed to call the API from a browser"
    )

    /// This instance is at its in-flight request cap (`http.max_in_flight`).
    public static let overloaded = APIError(
        status: .serviceUnavailable,
        code: .overloaded,
        title: "Gateway overloaded",
        detail: "this gateway instance is at its concurrent request limit; retry shortly",
        retryAfterSeconds: 1
    )

    /// A request the HTTP parser refused (bad syntax, conflicting framing headers, an unsupported version).
    public static let malformedRequest = APIError(
        status: .badRequest,
        code: .badRequest,
        title: "Malformed HTTP request",
        detail: "the request is not valid HTTP/1.1; the connection is closed"
    )

    /// A request head over `http.max_header_count` fields or `http.max_header_bytes` bytes.
    public static func headersTooLarge(maxCount: Int, maxBytes: Int) -> APIError {
        APIError(
            status: .requestHeaderFieldsTooLarge,
            code: .headersTooLarge,
            title: "Request header fields too large",
            detail: "send at most \(maxCount) header fields of at most \(maxBytes) bytes in total"
        )
    }
}
