/// A hit's request id: the client's `X-Request-ID` when it is well formed, else one the gateway draws
/// (``RequestTracingMiddleware/randomID()``'s words). A drawn id is kept as its two words and spelled where it is
/// written (``HTTP1HeadWriter/writeRequestID(_:)``), so a hit whose id no log line asks for makes no `String` of it.
struct HitRequestID: Sendable, Equatable {
    private enum Value: Equatable {
        case sent(String)
        case drawn(UInt64, UInt64)
    }

    private let value: Value

    /// The client's id, taken as it is (checked by the caller).
    init(sent: String) {
        self.value = .sent(sent)
    }

    /// A new id from two random words.
    init(drawn words: (UInt64, UInt64)) {
        self.value = .drawn(words.0, words.1)
    }

    /// The id as its text: what `X-Request-ID` says (32 hex digits for a drawn one).
    var string: String {
        switch self.value {
        case .sent(let text):
            return text
        case .drawn(let high, let low):
            return HexDigits.string(high, low)
        }
    }

    /// Calls `sent` with the client's text, or `drawn` with the two words.
    func spell(sent: (String) -> Void, drawn: (UInt64, UInt64) -> Void) {
        switch self.value {
        case .sent(let text): sent(text)
        case .drawn(let high, let low): drawn(high, low)
        }
    }
}
