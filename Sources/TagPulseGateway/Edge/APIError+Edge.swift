import Foundation
import HTTPTypes
import NIOCore

extension APIError {
    /// A preflight from an origin outside the CORS allow-list.
    public static let corsOriginNotAllowed = APIError(
        status: .forbidden,
        code: "CORS_ORIGIN_NOT_ALLOWED",
        title: "Origin not allowed",
        detail: "this origin is not allowed to call the API from a browser"
    )

    /// This instance is at its in-flight request cap (`http.max_in_flight`).
    public static let overloaded = APIError(
        status: .serviceUnavailable,
        code: "OVERLOADED",
        title: "Gateway overloaded",
        detail: "this gateway instance is at its concurrent request limit; retry shortly",
        retryAfterSeconds: 1
    )
}
