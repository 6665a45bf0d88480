import Foundation

/// One HTTP request to an upstream (the TikTok scraper, OpenAI) or to a gateway (the `tagpulse` CLI).
public struct UpstreamHTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case delete = "DELETE"
    }

    public var method: Method
    public var url: String
    /// Header names and values; values may be secrets and are never logged.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// The whole transfer's limit, connection included.
    public var timeout: Duration

    public init(method: Method = .get, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// An upstream's answer: any status, the caller decides what it means.
public struct UpstreamHTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `Retry-After` in seconds, when the upstream sent a number.
    public var retryAfterSeconds: Double? {
        self.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}

/// A transfer that did not produce an HTTP response.
public struct UpstreamHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
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

    public var kind: Kind
    /// libcurl's description of what went wrong: never contains headers or bodies.
    public var detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(self.kind): \(self.detail)" }
}
