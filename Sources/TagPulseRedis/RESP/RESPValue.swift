import NIOCore

/// One RESP2 reply from the server, as decoded by hiredis's reader.
///
/// A null bulk string (`$-1`) is `.bulkString(nil)` and a null array (`*-1`) is `.array(nil)`.
public enum RESPValue: Sendable, Hashable {
    /// A status reply (`+OK`).
    case simpleString(String)
    /// An error reply (`-ERR …`): the server's message, including its prefix (`WRONGTYPE`, `NOSCRIPT`, …).
    case error(String)
    /// An integer reply (`:42`).
    case integer(Int)
    /// A binary-safe bulk string; nil for the null bulk string.
    case bulkString(ByteBuffer?)
    /// An array of replies; nil for the null array.
    case array([RESPValue]?)
}

extension RESPValue {
    /// The text of a simple or bulk string (bulk strings decoded as UTF-8); nil otherwise.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let buffer?): String(buffer: buffer)
        default: nil
        }
    }

    /// The bytes of a bulk or simple string; nil otherwise.
    public var buffer: ByteBuffer? {
        switch self {
        case .bulkString(let buffer): buffer
        case .simpleString(let text): ByteBuffer(string: text)
        default: nil
        }
    }

    /// An integer reply, or a string reply holding a decimal integer; nil otherwise.
    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .simpleString, .bulkString: self.string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of a (non-null) array reply; nil otherwise.
    public var array: [RESPValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The server's message when this is an error reply.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }

    /// True for the null bulk string and the null array.
    public var isNull: Bool {
        switch self {
        case .bulkString(nil), .array(nil): true
        default: false
        }
    }

    /// True for an error reply.
    public var isError: Bool { self.errorMessage != nil }
}

extension RESPValue: CustomStringConvertible {
    /// A short, human-readable form (bulk strings shown by length only, so values never reach logs).
    public var description: String {
        switch self {
        case .simpleString(let text): "+\(text)"
        case .error(let message): "-\(message)"
        case .integer(let value): ":\(value)"
        case .bulkString(let buffer?): "$\(buffer.readableBytes) bytes"
        case .bulkString(nil): "$nil"
        case .array(let elements?): "[\(elements.map(\.description).joined(separator: ", "))]"
        case .array(nil): "*nil"
        }
    }
}
