import NIOCore
import NIOEmbedded
import XCTest

@testable import TagPulseEngine

/// Connections registered and not taken are closed when the accept loop ends; none is admitted afterwards.
final class EngineConnectionRegistryTests: XCTestCase {
    func testUntakenConnectionsAreClosedAndLateOnesRefused() async throws {
        let registry = EngineConnectionRegistry()
        let loop = NIOAsyncTestingEventLoop()
        let taken = NIOAsyncTestingChannel(loop: loop)
        let untaken = NIOAsyncTestingChannel(loop: loop)
        let late = NIOAsyncTestingChannel(loop: loop)
        let takenConnection = try await loop.executeInContext { try registry.admit(taken) }
        _ = try await loop.executeInContext { try registry.admit(untaken) }
        registry.take(takenConnection)

        let closed = await registry.closeRemaining()
        XCTAssertEqual(closed, 1, "only the connection no task took")
        try await untaken.closeFuture.get()
        do {
            _ = try await loop.executeInContext { try registry.admit(late) }
            XCTFail("a connection set up after the loop ended must be refused")
        } catch is EngineConnectionRegistry.Closed {}
        try await late.closeFuture.get()
        try await takenConnection.executeThenClose { _, _ in }
    }
}
