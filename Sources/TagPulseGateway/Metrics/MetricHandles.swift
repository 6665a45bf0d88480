import Synchronization

/// Metric handles by label values, created once and reused: a request costs one dictionary lookup under a lock,
/// not a trip through the metrics factory.
final class MetricHandles<Key: Hashable & Sendable, Handle: Sendable>: Sendable {
    private let handles = Mutex<[Key: Handle]>([:])
    private let make: @Sendable (Key) -> Handle

    init(make: @escaping @Sendable (Key) -> Handle) {
        self.make = make
    }

    subscript(key: Key) -> Handle {
        if let existing = self.handles.withLock({ $0[key] }) { return existing }
        let created = self.make(key)
        return self.handles.withLock { handles in
            if let raced = handles[key] { return raced }
            handles[key] = created
            return created
        }
    }
}
