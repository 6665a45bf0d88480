import NIOCore

/// A command: its name and binary-safe arguments, encoded on the wire as a RESP array of bulk strings.
///
/// ```swift
/// let command = RedisCommand("HSET", "tp:key:abc", "tier", .bytes(buffer))
/// ```
public struct RedisCommand: Sendable, Hashable {
    /// One argument: text (UTF-8), raw bytes, or an integer (sent in decimal).
    public struct Argument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        enum Storage: Sendable, Hashable {
            case string(String)
            case bytes(ByteBuffer)
            case integer(Int)
        }

        let storage: Storage

        /// UTF-8 text.
        public static func string(_ value: String) -> Argument { Argument(storage: .string(value)) }
        /// Raw bytes (the readable bytes of the buffer).
        public static func bytes(_ value: ByteBuffer) -> Argument { Argument(storage: .bytes(value)) }
        /// An integer, sent in decimal.
        public static func int(_ value: Int) -> Argument { Argument(storage: .integer(value)) }

        init(storage: Storage) { self.storage = storage }
        public init(stringLiteral value: String) { self.storage = .string(value) }
        public init(integerLiteral value: Int) { self.storage = .integer(value) }
    }

    /// The command name (`GET`, `SCRIPT`, …); logged as `redis.command`.
    public var name: String {
        didSet { self.encoded = nil }
    }
    /// The arguments after the name (for `SCRIPT LOAD`, `LOAD` is the first argument).
    public var arguments: [Argument] {
        didSet { self.encoded = nil }
    }
    /// The RESP bytes of `name` and `arguments`, when encoded ahead (``preEncoded()``); cleared by any change to them.
    private var encoded: ByteBuffer?

    /// A command from its name and arguments.
    public init(_ name: String, _ arguments: [Argument]) {
        self.name = name
        self.arguments = arguments
    }

    /// A command from its name and arguments.
    public init(_ name: String, _ arguments: Argument...) {
        self.init(name, arguments)
    }

    /// The same command carrying its RESP bytes: sending it again copies them instead of encoding each argument (a
    /// command an event loop sends every tick, such as a hot entry's head read).
    public func preEncoded() -> RedisCommand {
        var buffer = ByteBuffer()
        self.encode(into: &buffer)
        var command = self
        command.encoded = buffer
        return command
    }

    /// Whether this command carries its bytes (``preEncoded()``).
    public var isPreEncoded: Bool { self.encoded != nil }

    public static func == (lhs: RedisCommand, rhs: RedisCommand) -> Bool {
        lhs.name == rhs.name && lhs.arguments == rhs.arguments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.name)
        hasher.combine(self.arguments)
    }

    /// Appends the RESP encoding: `*<n>\r\n` then `$<len>\r\n<bytes>\r\n` for the name and each argument.
    public func encode(into buffer: inout ByteBuffer) {
        if let encoded = self.encoded {
            buffer.writeImmutableBuffer(encoded)
            return
        }
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeDecimal(self.arguments.count + 1)
        buffer.writeCRLF()
        buffer.writeBulk(self.name)
        for argument in self.arguments {
            switch argument.storage {
            case .string(let text):
                buffer.writeBulk(text)
            case .bytes(let bytes):
                buffer.writeInteger(UInt8(ascii: "$"))
                buffer.writeDecimal(bytes.readableBytes)
                buffer.writeCRLF()
                buffer.writeImmutableBuffer(bytes)
                buffer.writeCRLF()
            case .integer(let value):
                buffer.writeInteger(UInt8(ascii: "$"))
                buffer.writeDecimal(decimalLength(value))
                buffer.writeCRLF()
                buffer.writeDecimal(value)
                buffer.writeCRLF()
            }
        }
    }
}

/// How many characters `value` takes in decimal, sign included.
func decimalLength(_ value: Int) -> Int {
    var magnitude = value.magnitude
    var length = value < 0 ? 1 : 0
    repeat {
        length += 1
        magnitude /= 10
    } while magnitude > 0
    return length
}

extension ByteBuffer {
    @inlinable
    mutating func writeCRLF() {
        self.writeInteger(UInt16(0x0D0A))
    }

    mutating func writeBulk(_ text: String) {
        self.writeInteger(UInt8(ascii: "$"))
        self.writeDecimal(text.utf8.count)
        self.writeCRLF()
        self.writeString(text)
        self.writeCRLF()
    }

    /// Writes `value` in decimal ASCII without allocating a `String`.
    mutating func writeDecimal(_ value: Int) {
        if value < 0 { self.writeInteger(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            self.writeInteger(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            while magnitude > 0 {
                scratch[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            self.writeBytes(UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
        }
    }
}
