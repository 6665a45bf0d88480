import HTTPTypes

extension APIError {
    /// A request body that did not arrive within `http.body_timeout_ms` of its head.
    static func bodyTimeout(milliseconds: Int) -> APIError {
        APIError(
            status: .requestTimeout,
            code: .bodyTimeout,
            title: "Request body too slow",
            detail: "the request body must arrive within \(milliseconds) ms of the request head; the connection is closed"
        )
    }

    /// This client already has `http.max_in_flight_per_client` requests in progress on this instance. A 429, not a
    /// 503: the instance is not overloaded, this client is over its own share, and retrying elsewhere would not help.
    static func tooManyInFlight(limit: Int) -> APIError {
        APIError(
            status: .tooManyRequests,
            code: .tooManyInFlight,
            title: "Too many requests in progress",
            detail: "this client already has \(limit) requests in progress on this instance; wait for one to finish",
            retryAfterSeconds: 1
        )
    }
}
