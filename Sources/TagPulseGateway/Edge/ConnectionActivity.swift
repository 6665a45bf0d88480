import NIOCore

/// One connection's requests in progress, wherever they are answered (``HitFrontHandler`` before the HTTP codecs,
/// or the pipeline behind them), and its idle timeout: armed while nothing is in progress, closing the connection
/// when it expires. Shared by the front and ``ConnectionStateHandler``; confined to the channel's event loop.
///
/// It also carries a hit look-up from the front to ``HitPathHandler`` when the front hands a request it already
/// charged to the general pipeline (``handOver``).
final class ConnectionActivity {
    let idleTimeout: TimeAmount?
    private(set) var inProgress = 0
    private var timer: LazyTimer?
    /// The token of the look-up done for the next request the general pipeline reads (``HitHandoff``).
    var handOver: String?
    /// Called once when nothing is in progress any more: set by the front while it lends a request to the general
    /// pipeline, to take the connection back when that request's response has ended.
    var whenIdle: (() -> Void)?
    /// A response of the general pipeline said `Connection: close`: nothing more is answered on this connection.
    var closing = false

    init(idleTimeout: TimeAmount?) {
        self.idleTimeout = idleTimeout
    }

    /// Starts the idle timeout, which closes the connection through `onIdle` when it expires.
    func start(on eventLoop: any EventLoop, onIdle: @escaping () -> Void) {
        guard let idleTimeout, self.timer == nil else { return }
        let timer = LazyTimer(eventLoop: eventLoop, onExpiry: onIdle)
        self.timer = timer
        if self.inProgress == 0 { timer.arm(in: idleTimeout) }
    }

    func stop() {
        self.timer?.cancel()
        self.timer = nil
        self.whenIdle = nil
    }

    func requestStarted() {
        self.inProgress += 1
        self.timer?.disarm()
    }

    func requestFinished() {
        self.inProgress -= 1
        guard self.inProgress == 0 else { return }
        if let idleTimeout { self.timer?.arm(in: idleTimeout) }
        if let whenIdle {
            self.whenIdle = nil
            whenIdle()
        }
    }

    /// Bytes of a request arrived while nothing is in progress: the connection is not idle.
    func touched() {
        if self.inProgress == 0, let idleTimeout { self.timer?.arm(in: idleTimeout) }
    }
}

@available(*, unavailable)
extension ConnectionActivity: Sendable {}
