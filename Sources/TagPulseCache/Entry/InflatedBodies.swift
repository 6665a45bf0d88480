import NIOCore
import Synchronization

/// Uncompressed bodies of recently served entries, by ETag, so a client that does not accept gzip costs a hit no
/// inflate. An ETag names one exact body (it is derived from the bytes), so this holds no freshness or purge state
/// of its own: Redis still decides, on every hit, whether the entry may be served at all.
///
/// Bounded by total bytes; when full, the oldest bodies go first.
public final class InflatedBodies: Sendable {
    private struct State {
        var bodies: [String: ByteBuffer] = [:]
        var order: [String] = []
        var head = 0
        var bytes = 0
    }

    private let state = Mutex(State())
    public let capacityBytes: Int

    public init(capacityBytes: Int = 64 << 20) {
        self.capacityBytes = capacityBytes
    }

    /// The entry's uncompressed body, from memory or inflated (and remembered when it fits).
    public func body(of entry: CacheEntry, maximumBytes: Int) throws(GzipError) -> ByteBuffer {
        if let body = self.state.withLock({ $0.bodies[entry.etag] }) { return body }
        let body = try entry.body(maximumBytes: maximumBytes)
        guard body.readableBytes <= self.capacityBytes / 4 else { return body }
        self.state.withLock { state in
            guard state.bodies[entry.etag] == nil else { return }
            while state.bytes + body.readableBytes > self.capacityBytes, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let evicted = state.bodies.removeValue(forKey: oldest) { state.bytes -= evicted.readableBytes }
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            state.bodies[entry.etag] = body
            state.order.append(entry.etag)
            state.bytes += body.readableBytes
        }
        return body
    }

    /// Bodies held, and their total size (for tests and metrics).
    public var usage: (count: Int, bytes: Int) { self.state.withLock { ($0.bodies.count, $0.bytes) } }
}
