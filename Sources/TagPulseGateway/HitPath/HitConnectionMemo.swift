/// What one connection's hit path remembers between its requests (``HitFrontHandler``, ``HitPathHandler``; used on the
/// connection's event loop only): the key it presented last and who that is (``PresentedKeyMemo``), and the last
/// request it had looked up with its cache key (``RepeatedRequestMemo``); the front's also the last head it scanned
/// (``ScannedHead``): the next request with the same head is not scanned again, and one with another reuses its
/// strings where its bytes are the same (``HTTP1RequestScanner/scan(_:remembering:)``).
struct HitConnectionMemo {
    var keys = PresentedKeyMemo()
    var request = RepeatedRequestMemo()
    var lastHead: ScannedHead?

    init() {}
}
