/// What one connection's hit path remembers between its requests (``HitFrontHandler``, ``HitPathHandler``; used on the
/// connection's event loop only): the key it presented last and who that is (``PresentedKeyMemo``), and the last
/// request it had looked up with its cache key (``RepeatedRequestMemo``); the front's also the last request it scanned,
/// whose strings the next one reuses where its bytes are the same (``HTTP1RequestScanner/scan(_:previous:)``).
struct HitConnectionMemo {
    var keys = PresentedKeyMemo()
    var request = RepeatedRequestMemo()
    /// Set through ``rememberScanned(_:)``.
    private(set) var scanned: HitRequest?

    /// At most this many bytes of a scanned request's strings are kept (an idle connection holds no large head).
    static let maximumScannedBytes = 2048

    /// Keeps `request` for the next scan, unless its strings are larger than ``maximumScannedBytes``.
    mutating func rememberScanned(_ request: HitRequest) {
        self.scanned = request.keptBytes <= Self.maximumScannedBytes ? request : nil
    }

    init() {}
}
