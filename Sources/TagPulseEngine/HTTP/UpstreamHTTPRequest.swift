import Foundation

/// One HTTP request to an upstream (the TikTok scraper, OpenAI).
struct UpstreamHTTPRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    var method: Method
    var url: String
    /// Header names and values; values may be secrets and are never logged.
    var headers: [(name: String, value: String)]
    var body: [UInt8]?
    /// The whole transfer's limit, connection included.
    var timeout: Duration

    init(method: Method = .get, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// An upstream's answer: any status, the caller decides what it means.
struct UpstreamHTTPResponse: Sendable {
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: [UInt8]

    /// `Retry-After` in seconds, when the upstream sent a number.
    var retryAfterSeconds: Double? {
        self.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}

/// A transfer that did not produce an HTTP response.
struct UpstreamHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        /// No answer within the request's timeout.
        case timeout
        /// DNS, connect, TLS or a reset connection.
        case connection
        /// The body exceeded the size cap.
        case tooLarge
        /// The caller's task was cancelled.
        case cancelled
        /// Anything else libcurl reports.
        case other
    }

    var kind: Kind
    /// libcurl's description of what went wrong: never contains headers or bodies.
    var detail: String

    var description: String { "\(self.kind): \(self.detail)" }
}
