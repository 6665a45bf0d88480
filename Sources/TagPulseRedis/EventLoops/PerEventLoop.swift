import NIOCore

/// One value per event loop of a group, for state each loop touches only itself: the hit path's batch of a tick,
/// its shared reads, a client's coalesced charges. No lock: a caller gets a loop's value only while it runs on that
/// loop. Its values are usually classes marked `@unchecked Sendable` for that reason.
public struct PerEventLoop<Value: Sendable>: Sendable {
    private let values: [ObjectIdentifier: Value]

    /// Makes each loop's value.
    public init(_ eventLoops: any EventLoopGroup, _ make: (any EventLoop) -> Value) {
        var values: [ObjectIdentifier: Value] = [:]
        for loop in eventLoops.makeIterator() { values[ObjectIdentifier(loop)] = make(loop) }
        self.values = values
    }

    /// `eventLoop`'s value when the caller runs on it and it is one of the group's; nil otherwise (another thread,
    /// or a loop of another group): the caller then takes its path that shares nothing.
    public func current(_ eventLoop: any EventLoop) -> Value? {
        guard eventLoop.inEventLoop else { return nil }
        return self.values[ObjectIdentifier(eventLoop)]
    }
}
