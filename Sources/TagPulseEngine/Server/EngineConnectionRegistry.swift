import NIOCore
import Synchronization

/// The connections the listener has accepted but no connection task has taken yet, so that none is ever dropped
/// unclosed.
///
/// NIO's async `bind` hands accepted connections over through an async sequence; one accepted just as the listener
/// closes can be created and then dropped by NIO without reaching the accept loop, and a `NIOAsyncChannel` released
/// without `executeThenClose` traps ("Deinited NIOAsyncWriter without calling finish()", swift-nio#2637). So every
/// connection is registered here when it is made, taken out by the task that serves it, and whatever is left when
/// the accept loop ends is closed by ``closeRemaining()``; after that, a connection still being set up is closed and
/// refused (no `NIOAsyncChannel` is made for it; NIO does not close a child whose initializer fails, so this does).
final class EngineConnectionRegistry: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private struct State {
        var waiting: [ObjectIdentifier: Connection] = [:]
        var closed = false
    }

    /// The listener is closed: no connection is set up any more.
    struct Closed: Error {}

    private let state = Mutex(State())

    /// Wraps a new connection's channel (on its event loop, in the child initializer) and registers it; once
    /// ``closeRemaining()`` has run, closes the channel and throws ``Closed``.
    func admit(_ channel: any Channel) throws -> Connection {
        try self.state.withLock { state in
            guard !state.closed else {
                channel.close(promise: nil)
                throw Closed()
            }
            let connection = try Connection(wrappingChannelSynchronously: channel)
            state.waiting[ObjectIdentifier(channel)] = connection
            return connection
        }
    }

    /// The accept loop's serving task takes the connection: from now on it is the task's to close.
    func take(_ connection: Connection) {
        _ = self.state.withLock { $0.waiting.removeValue(forKey: ObjectIdentifier(connection.channel)) }
    }

    /// Refuses new connections and closes every registered one no task has taken. Returns how many there were.
    @discardableResult
    func closeRemaining() async -> Int {
        let remaining = self.state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for connection in remaining {
            try? await connection.executeThenClose { _, _ in }
        }
        return remaining.count
    }
}
