#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`). Each client connection of the gateway takes a descriptor, and so
/// does each hot body sent with `sendfile(2)`; a soft limit of 1,024 (a common default, and systemd's) would stop a
/// gateway near a thousand connections while its hard limit (524,288 under systemd, 1,048,576 in Docker) allows far
/// more. So each process raises its soft limit to the hard one at start, as nginx's `worker_rlimit_nofile` or Go's
/// runtime do.
public enum OpenFileLimit {
    /// The soft limit before and after ``raiseToHard()``, and the hard limit.
    public struct Change: Sendable, Equatable {
        public var before: Int
        public var after: Int
        public var hard: Int
    }

    /// The current soft limit; nil when it cannot be read. `RLIM_INFINITY` reads as `Int.max`.
    public static var current: Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return Self.count(limit.rlim_cur)
    }

    /// Raises the soft limit to the hard limit. Returns what it was and is (unchanged when it already was the hard
    /// limit, or when the kernel refused); nil when the limits cannot be read.
    @discardableResult
    public static func raiseToHard() -> Change? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        let before = Self.count(limit.rlim_cur)
        let hard = Self.count(limit.rlim_max)
        guard limit.rlim_cur < limit.rlim_max else { return Change(before: before, after: before, hard: hard) }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        let after = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 ? hard : before
        return Change(before: before, after: after, hard: hard)
    }

    private static func count(_ value: rlim_t) -> Int {
        value >= rlim_t(Int.max) ? Int.max : Int(value)
    }
}
