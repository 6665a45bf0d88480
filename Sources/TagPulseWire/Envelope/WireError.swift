/// The `error` object of a failed response: `{"code","message","retryable","retry_after_s"?}`.
public struct WireError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public var code: WireErrorCode
    /// Human-readable, safe to show to API clients: never a secret, a path or a stack trace.
    public var message: String
    public var retryable: Bool
    /// Seconds after which a retry may succeed, when the engine knows.
    public var retryAfterSeconds: Double?

    public init(code: WireErrorCode, message: String, retryable: Bool = false, retryAfterSeconds: Double? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.retryAfterSeconds = retryAfterSeconds
    }

    enum CodingKeys: String, CodingKey {
        case code, message, retryable
        case retryAfterSeconds = "retry_after_s"
    }

    public var description: String { "\(self.code): \(self.message)" }
}

extension WireError {
    public static func badFrame(_ message: String) -> WireError {
        WireError(code: .badFrame, message: message)
    }

    public static func invalidParams(_ message: String) -> WireError {
        WireError(code: .invalidParams, message: message)
    }

    public static func overloaded(retryAfterSeconds: Double = 1) -> WireError {
        WireError(
            code: .overloaded,
            message: "the engine is at its concurrency limit",
            retryable: true,
            retryAfterSeconds: retryAfterSeconds
        )
    }

    public static let deadlineExceeded = WireError(
        code: .deadlineExceeded,
        message: "the request's deadline passed before the engine finished",
        retryable: true
    )

    public static let cancelled = WireError(code: .cancelled, message: "the request was cancelled")
}
