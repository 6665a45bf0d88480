import Synchronization
import TagPulseWire

/// The engine's counters since start, served by `stats`.
final class EngineCounters: Sendable {
    private struct State {
        var requests = 0
        var connections = 0
        var errors: [String: Int] = [:]
    }

    private let state = Mutex(State())

    func requestReceived() { self.state.withLock { $0.requests += 1 } }
    func connectionOpened() { self.state.withLock { $0.connections += 1 } }
    func connectionClosed() { self.state.withLock { $0.connections -= 1 } }
    func failed(_ code: WireErrorCode) { self.state.withLock { $0.errors[code.rawValue, default: 0] += 1 } }

    var snapshot: (requests: Int, connections: Int, errors: [String: Int]) {
        self.state.withLock { ($0.requests, $0.connections, $0.errors) }
    }
}
