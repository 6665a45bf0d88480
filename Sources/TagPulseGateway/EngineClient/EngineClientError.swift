import TagPulseWire

/// Why an engine call did not produce a result.
public struct EngineClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No connection to the engine is up (it is down, restarting, or the socket is missing).
        case unavailable
        /// The connection closed while the call was in flight.
        case connectionLost
        /// The gateway's own deadline passed before the engine answered.
        case timedOut
        /// The engine answered with an error.
        case engine(WireError)
        /// The engine's answer could not be read: a bug on one side.
        case protocolViolation(String)
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public static let unavailable = EngineClientError(.unavailable)
    public static let connectionLost = EngineClientError(.connectionLost)
    public static let timedOut = EngineClientError(.timedOut)

    public var description: String {
        switch self.kind {
        case .unavailable: "engine unavailable"
        case .connectionLost: "engine connection lost"
        case .timedOut: "engine call timed out"
        case .engine(let error): "engine error \(error.code)"
        case .protocolViolation(let detail): "engine protocol violation: \(detail)"
        }
    }
}
