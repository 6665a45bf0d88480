/// What one connection's hit path remembers between its requests (``HitFrontHandler``, ``HitPathHandler``; used on the
/// connection's event loop only): the key it presented last and who that is (``PresentedKeyMemo``), and the last
/// request it had looked up with its cache key (``RepeatedRequestMemo``).
struct HitConnectionMemo {
    var keys = PresentedKeyMemo()
    var request = RepeatedRequestMemo()

    init() {}
}
