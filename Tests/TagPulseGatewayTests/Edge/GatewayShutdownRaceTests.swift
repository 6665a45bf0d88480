import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TagPulseTestSupport
import Testing

@testable import TagPulseGateway

#if canImport(Glibc)
    import Glibc
#endif

/// Connections that land as the gateway shuts down are closed, never dropped unclosed (NIO's async `bind` can make
/// one and never hand it over, which trapped the engine; through Hummingbird's server it has not reproduced, and this
/// test keeps it that way).
@Suite("Gateway shutdown with connections arriving")
struct GatewayShutdownRaceTests {
    @Test("every connection made around a graceful shutdown ends, and the process does not trap")
    func connectionsArrivingDuringShutdownAreClosed() async throws {
        var connected = 0
        for _ in 0..<25 {
            let descriptors = try await Self.withGateway { port in
                (0..<8).compactMap { _ in Self.connect(port: port) }
            }
            for descriptor in descriptors {
                let probe = ConnectionProbe.hasEnded(descriptor)
                #expect(probe.ended, "a connection was left open (\(probe.detail))")
                close(descriptor)
            }
            connected += descriptors.count
        }
        #expect(connected == 25 * 8)
    }

    /// Runs a gateway HTTP server on a free loopback port, calls `body` with the port, then shuts it down gracefully
    /// and waits for it to stop.
    static func withGateway<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let configuration = GatewayConfiguration(bootstrapKey: nil)
        let router = GatewayApplication.makeRouter(configuration: configuration, engine: InMemoryEngine(), nowMilliseconds: { 0 })
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.shutdown-race")
        logger.logLevel = .error
        let app = Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            while let next = try await tasks.next() { _ = next }
            return result
        }
    }

    static func connect(port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }
}
