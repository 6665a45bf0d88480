/// Why a byte stream could not be split into frames. Every case ends the connection it happened on, and only
/// that one; the engine answers `BAD_FRAME` first when it can.
public enum EngineFrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A length prefix of zero: the protocol has no empty frames.
    case emptyFrame
    /// A length prefix above the configured maximum.
    case frameTooLarge(length: Int, maximum: Int)
    /// The stream ended inside a frame.
    case truncatedFrame(receivedBytes: Int)

    public var description: String {
        switch self {
        case .emptyFrame:
            "frame length is zero"
        case .frameTooLarge(let length, let maximum):
            "frame length \(length) exceeds the maximum of \(maximum) bytes"
        case .truncatedFrame(let received):
            "stream ended inside a frame (\(received) bytes pending)"
        }
    }
}
