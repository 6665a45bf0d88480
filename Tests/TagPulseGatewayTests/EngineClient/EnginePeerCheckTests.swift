import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// Issue #15: the gateway checks whom it reached on the engine's socket (`SO_PEERCRED`) and uses no connection to a
/// process of another user. Real Unix sockets; the tests run as root, so "another user" is an `engine.uid` that is
/// not ours.
final class EnginePeerCheckTests: XCTestCase, @unchecked Sendable {
    let foreignUID: UInt32 = PeerCredentials.currentUID == 54_321 ? 54_322 : 54_321

    /// A listener that accepts and holds connections (who it is does not matter: the gateway checks the uid).
    func withListener<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let directory = "/tmp/tp-gw-peer-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o700)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/engine.sock"
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(unixDomainSocketPath: path)
            .get()
        do {
            let result = try await body(path)
            try await server.close()
            return result
        } catch {
            try? await server.close()
            throw error
        }
    }

    func client(_ path: String, engineUID: UInt32, logs: LogCapture = LogCapture()) -> EngineClient {
        EngineClient(
            configuration: EngineClientConfiguration(socketPath: path, engineUID: engineUID, poolSize: 1, reconnectMinimum: .milliseconds(20)),
            logger: Logger(label: "test") { _ in logs },
            nowMilliseconds: { 0 }
        )
    }

    func testAConnectionToAnotherUIDIsRefused() async throws {
        try await self.withListener { path in
            let foreign = self.client(path, engineUID: self.foreignUID)
            do {
                let channel = try await foreign.connect()
                try? await channel.close()
                XCTFail("a peer of another uid must be refused")
            } catch let failure as PeerCredentials.Failure {
                XCTAssertEqual(failure, .uidMismatch(peer: PeerCredentials.currentUID, expected: self.foreignUID))
            }
            let own = try await self.client(path, engineUID: PeerCredentials.currentUID).connect()
            XCTAssertTrue(own.isActive, "our own uid is accepted")
            try await own.close()
        }
    }

    func testCallsFailAsUnavailableAndTheRejectionIsLogged() async throws {
        let logs = LogCapture()
        try await self.withListener { path in
            let client = self.client(path, engineUID: self.foreignUID, logs: logs)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                try await Task.sleep(for: .milliseconds(300))
                XCTAssertEqual(client.connectedCount, 0, "no connection to the impostor is kept")
                do {
                    let _: PingResult = try await client.call(.ping, params: EmptyParams(), requestID: nil)
                    XCTFail("no call may reach another user's process")
                } catch let error as EngineClientError {
                    XCTAssertEqual(error, .unavailable)
                    XCTAssertEqual(APIError(error).code, .engineUnavailable)
                }
                group.cancelAll()
            }
        }
        let rejected = logs.entries.filter { $0.message == "gateway.engine.peer_rejected" }
        XCTAssertFalse(rejected.isEmpty, "\(logs.entries.map(\.message))")
        XCTAssertEqual(rejected.first?.metadata["error.code"], "ENGINE_PEER_REJECTED")
    }
}

/// A log handler that keeps what it is given.
final class LogCapture: LogHandler, Sendable {
    struct Entry: Sendable {
        var message: String
        var metadata: [String: String]
    }

    private let store = Mutex<[Entry]>([])
    var entries: [Entry] { self.store.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let metadata = (event.metadata ?? [:]).mapValues { "\($0)" }
        self.store.withLock { $0.append(Entry(message: event.message.description, metadata: metadata)) }
    }
}
