import Synchronization
import TagPulseCache

/// Whether an `Accept-Encoding` value takes gzip, remembered for the few distinct values clients send, so a hit
/// parses the field once per value rather than once per request. Bounded: when full it starts afresh.
enum AcceptEncodingMemo {
    private static let answers = Mutex<[String: Bool]>([:])
    static let capacity = 256

    static func acceptsGzip(_ value: String?) -> Bool {
        guard let value else { return false }
        if let known = Self.answers.withLock({ $0[value] }) { return known }
        let accepts = AcceptEncoding.acceptsGzip(value)
        guard value.utf8.count <= 256 else { return accepts }
        Self.answers.withLock { answers in
            if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
            answers[value] = accepts
        }
        return accepts
    }
}
