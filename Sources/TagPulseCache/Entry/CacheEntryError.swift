/// Why a cache entry could not be built or read back. Compare by ``code``; the message is for logs.
///
/// A decoding failure is never fatal to a request: the gateway treats the entry as a miss (and may delete it).
public struct CacheEntryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case truncated, unsupportedVersion, malformed, tooLarge, compression
        }

        let base: Base

        /// The bytes end before the entry does.
        public static let truncated = Code(base: .truncated)
        /// The entry was written in a format version this build does not read.
        public static let unsupportedVersion = Code(base: .unsupportedVersion)
        /// A field holds an impossible value (unknown flag, status out of range, bad UTF-8, trailing bytes).
        public static let malformed = Code(base: .malformed)
        /// A field is too long for the format (content type over 255 bytes, more than 255 tags, …).
        public static let tooLarge = Code(base: .tooLarge)
        /// The body could not be compressed.
        public static let compression = Code(base: .compression)

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

    public var description: String { "cache entry \(self.code): \(self.message)" }

    /// Equal when the codes are equal.
    public static func == (lhs: CacheEntryError, rhs: CacheEntryError) -> Bool { lhs.code == rhs.code }
}
