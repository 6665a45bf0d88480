/// Why a Redis call failed. Compare by ``code``; the message is for logs and never contains a password or a value.
public struct RedisClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code, mapped to HTTP by the gateway. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case unavailable, timeout, connectionClosed, server, `protocol`, configuration
        }

        let base: Base

        /// No connection to Redis is up (down, restarting, failing over): the call failed without waiting.
        public static let unavailable = Code(base: .unavailable)
        /// The command's deadline passed before its reply arrived; its connection was closed and replaced.
        public static let timeout = Code(base: .timeout)
        /// The connection closed while the command was in flight.
        public static let connectionClosed = Code(base: .connectionClosed)
        /// Redis answered with an error reply (`WRONGTYPE …`, `NOSCRIPT …`); see ``RedisClientError/message``.
        public static let server = Code(base: .server)
        /// The reply could not be read, or did not have the expected shape.
        public static let `protocol` = Code(base: .protocol)
        /// The configuration (or URL) is invalid, or the server refused the connection set-up (AUTH, SELECT).
        public static let configuration = Code(base: .configuration)

        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// Detail for logs: for ``Code/server`` the server's error message, starting with its prefix.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The first word of a server error (`NOSCRIPT`, `WRONGTYPE`, `ERR`); nil for other codes.
    public var serverErrorPrefix: Substring? {
        guard self.code == .server else { return nil }
        return Self.serverErrorPrefix(of: self.message)
    }

    /// The first word of a server error's message (an `.error` reply, as a pipeline or a script call returns it).
    public static func serverErrorPrefix(of message: String) -> Substring? {
        message.split(separator: " ", maxSplits: 1).first
    }

    public var description: String { "redis \(self.code): \(self.message)" }

    /// Equal when the codes are equal.
    public static func == (lhs: RedisClientError, rhs: RedisClientError) -> Bool { lhs.code == rhs.code }

    static let unavailable = RedisClientError(.unavailable, "no connection to redis is up")
    static let connectionClosed = RedisClientError(.connectionClosed, "the connection closed before the reply arrived")
    static let timedOut = RedisClientError(.timeout, "the command's deadline passed before its reply arrived")
}
