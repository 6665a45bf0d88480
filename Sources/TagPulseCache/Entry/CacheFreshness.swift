/// Where a stored entry stands at a given moment; every case but ``expired`` carries the entry's age in
/// milliseconds (for the `Age` header, in whole seconds: ``ageSeconds``).
public enum CacheFreshness: Sendable, Hashable {
    /// Serve it; no engine call.
    case fresh(ageMilliseconds: Int64)
    /// Serve it, and start one background refresh.
    case staleWhileRevalidate(ageMilliseconds: Int64)
    /// Refresh in the foreground; serve it only if the refresh fails.
    case staleIfError(ageMilliseconds: Int64)
    /// Unusable: treat as a miss.
    case expired

    /// The age in whole seconds, rounded down, as `Age` wants it (RFC 9111 §5.1); nil when expired.
    public var ageSeconds: Int64? {
        switch self {
        case .fresh(let age), .staleWhileRevalidate(let age), .staleIfError(let age): age / 1000
        case .expired: nil
        }
    }

    /// True when the entry answers without the engine: fresh, or stale within stale-while-revalidate.
    public var answersWithoutEngine: Bool {
        switch self {
        case .fresh, .staleWhileRevalidate: true
        case .staleIfError, .expired: false
        }
    }

    /// True only for ``fresh(ageMilliseconds:)``.
    public var isFresh: Bool {
        if case .fresh = self { return true }
        return false
    }
}
