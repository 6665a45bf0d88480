/// Why gzip data could not be produced or read. Compare by ``code``; the message is for logs.
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case corrupt, truncated, outputLimitExceeded, zlib
        }

        let base: Base

        /// The input is not a valid gzip stream (bad header, bad deflate data, bad checksum, trailing bytes).
        public static let corrupt = Code(base: .corrupt)
        /// The input ends before the gzip stream does (empty input included).
        public static let truncated = Code(base: .truncated)
        /// The data inflates past the caller's cap: a corrupt entry or a decompression bomb.
        public static let outputLimitExceeded = Code(base: .outputLimitExceeded)
        /// zlib itself failed (could not start, out of memory).
        public static let zlib = Code(base: .zlib)

        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// Detail for logs.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "gzip \(self.code): \(self.message)" }

    /// Equal when the codes are equal.
    public static func == (lhs: GzipError, rhs: GzipError) -> Bool { lhs.code == rhs.code }
}
