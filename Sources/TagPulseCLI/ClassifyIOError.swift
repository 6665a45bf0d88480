#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// `tagpulse classify` could not read its input or write its output (an errno other than EINTR).
public struct ClassifyIOError: Error, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case read, write
    }

    public let operation: Operation
    public let errno: Int32

    public var description: String {
        let what = operation == .read ? "cannot read the input" : "cannot write the output"
        return what + ": " + String(cString: strerror(errno))
    }
}
