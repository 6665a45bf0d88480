import NIOCore

/// What to do after a command sent to a cluster node failed: a state machine without I/O, one per call.
///
/// `MOVED` updates the map, asks for a refresh and resends to the named master (at most ``maximumRedirections``
/// times); `ASK` resends once to the named node, preceded by `ASKING`; `TRYAGAIN` and `CLUSTERDOWN` resend to the
/// slot's master after a short, growing pause while the caller's deadline allows; anything else fails the call.
struct RedisClusterRetry: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        /// Give up: the call fails with the error it got.
        case fail
        /// Send again: to `node` (nil: the slot's master in the map), after `ASKING` when `asking`, after `delay`.
        case retry(node: RedisServerAddress?, asking: Bool, delay: TimeAmount)
    }

    static let maximumRedirections = 5
    static let firstPause = TimeAmount.milliseconds(10)
    static let longestPause = TimeAmount.milliseconds(200)

    private(set) var redirections = 0
    private(set) var asked = false
    private(set) var pauses = 0

    /// The next step after `redirection` (nil: an error that is not a cluster redirection) at `now`.
    mutating func next(after redirection: RedisClusterRedirection?, now: NIODeadline, deadline: NIODeadline) -> Action {
        switch redirection {
        case nil:
            return .fail
        case .moved(_, let address):
            guard self.redirections < Self.maximumRedirections else { return .fail }
            self.redirections += 1
            return .retry(node: address, asking: false, delay: .zero)
        case .ask(_, let address):
            guard !self.asked, self.redirections < Self.maximumRedirections else { return .fail }
            self.asked = true
            self.redirections += 1
            return .retry(node: address, asking: true, delay: .zero)
        case .tryAgain, .clusterDown:
            let pause = min(Self.firstPause * (1 << min(self.pauses, 8)), Self.longestPause)
            guard now + pause < deadline else { return .fail }
            self.pauses += 1
            return .retry(node: nil, asking: false, delay: pause)
        }
    }
}
