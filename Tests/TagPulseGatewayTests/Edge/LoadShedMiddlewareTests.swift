import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import TagPulseGateway

/// Holds requests inside their handler until opened; reports each arrival, so a test knows (without sleeping)
/// when requests are in flight.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    let arrivals: AsyncStream<Void>
    private let arrived: AsyncStream<Void>.Continuation

    init() {
        (self.arrivals, self.arrived) = AsyncStream.makeStream(of: Void.self)
    }

    func pass() async {
        self.arrived.yield()
        await withCheckedContinuation { continuation in
            let isOpen = self.state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let waiters = self.state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

@Suite("Load shedding")
struct LoadShedMiddlewareTests {
    @Test("over the in-flight cap: 503 OVERLOADED with Retry-After: 1; health endpoints exempt; the count recovers")
    func shedsOverTheCap() async throws {
        let gate = Gate()
        let shed = LoadShedMiddleware(maxInFlight: 2)
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestTracingMiddleware(generateID: { "generated-id" }))
        router.add(middleware: ProblemMiddleware(maxBodyBytes: 1024))
        router.add(middleware: shed)
        router.get("/slow") { _, _ in
            await gate.pass()
            return "done"
        }
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ in "ready" }

        try await Application(router: router).test(.router) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await client.execute(uri: "/slow", method: .get) { $0.status } }
                }
                var arrivals = gate.arrivals.makeAsyncIterator()
                await arrivals.next()
                await arrivals.next()
                #expect(shed.inFlight == 2)

                try await client.execute(uri: "/slow", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "1")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect(problem?["code"] as? String == "OVERLOADED")
                    #expect(problem?["request_id"] as? String == "generated-id")
                }
                #expect(shed.inFlight == 2, "a refused request leaves the count as it was")
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }

                gate.open()
                for try await status in group {
                    #expect(status == .ok)
                }
            }
            #expect(shed.inFlight == 0)
            try await client.execute(uri: "/slow", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("a failing handler still releases its slot")
    func errorsReleaseTheSlot() async throws {
        let shed = LoadShedMiddleware(maxInFlight: 1)
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: ProblemMiddleware(maxBodyBytes: 1024))
        router.add(middleware: shed)
        router.get("/fail") { _, _ -> String in throw APIError.notFound }
        try await Application(router: router).test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/fail", method: .get) { #expect($0.status == .notFound) }
            }
        }
        #expect(shed.inFlight == 0)
    }
}
