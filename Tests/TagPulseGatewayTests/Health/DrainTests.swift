import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import ServiceLifecycle
import Synchronization
import XCTest

@testable import TagPulseGateway

/// SIGTERM handling in parts: the drain gate, readiness while draining, and connections closed after responses.
final class DrainTests: XCTestCase {
    func testReadinessFailsWhileDrainingWhateverTheChecksSay() async throws {
        let drain = DrainState()
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: nil),
            engine: InMemoryEngine(),
            readinessChecks: [FixedReadiness(name: "engine", ready: true)],
            nowMilliseconds: { 0 },
            drain: drain
        )
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
            }
            drain.begin()
            try await client.execute(uri: "/readyz", method: .get) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                XCTAssertEqual(response.headers[.retryAfter], "1")
                XCTAssertTrue(String(buffer: response.body).contains(#""code":"DRAINING""#), String(buffer: response.body))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                XCTAssertEqual(response.status, .ok, "liveness stays up while draining")
            }
        }
    }

    func testTheGateDrainsOnGracefulShutdownAndWaitsTheDelay() async throws {
        let drain = DrainState()
        let slept = Mutex<[Duration]>([])
        let gate = DrainGate(state: drain, delay: .milliseconds(1500), logger: Logger(label: "test")) { duration in
            slept.withLock { $0.append(duration) }
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: gate)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(50))
            XCTAssertFalse(drain.isDraining, "nothing drains before shutdown")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        XCTAssertTrue(drain.isDraining)
        XCTAssertEqual(slept.withLock { $0 }, [.milliseconds(1500)])
    }

    func testResponsesCloseTheirConnectionOnlyWhileDraining() throws {
        let drain = DrainState()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(DrainCloseHandler(state: drain))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()

        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        guard case .head(let open) = try channel.readOutbound(as: HTTPResponsePart.self) else { return XCTFail("no head") }
        XCTAssertNil(open.headerFields[.connection])
        XCTAssertTrue(channel.isActive)
        _ = try channel.readOutbound(as: HTTPResponsePart.self)

        drain.begin()
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        guard case .head(let closing) = try channel.readOutbound(as: HTTPResponsePart.self) else { return XCTFail("no head") }
        XCTAssertEqual(closing.headerFields[.connection], "close")
        XCTAssertTrue(channel.isActive, "the connection stays open until the response is written")
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.run()
        XCTAssertFalse(channel.isActive, "closed once the response is written")
    }
}
