import AsyncHTTPClient
import Foundation
import TagPulseTestSupport

extension StackProcess {
    /// The set-up the end-to-end suites share: an engine and `gateways` gateways (the first on ``baseURL``, the others
    /// as ``startAnotherGateway(_:)`` starts them), on `redis` when one is given (a private server: its command counts
    /// are then the test's alone), each answering `GET /readyz` with 200. When a step fails, what was started is
    /// stopped and the error names the gateway, with its log.
    static func started(
        gateways: Int = 1,
        on redis: RedisServerProcess? = nil,
        environment: [String: String] = [:],
        http: HTTPClient,
        readyWithin timeout: Duration = .seconds(20)
    ) async throws -> StackProcess {
        var environment = environment
        if let redis { environment["TAGPULSE_REDIS_URL"] = redis.url }
        let stack = try StackProcess(extraEnvironment: environment)
        do {
            try stack.startEngine()
            try stack.startGateway()
            for _ in 1..<max(1, gateways) { try stack.startAnotherGateway() }
            for url in stack.gatewayURLs { try await stack.waitUntilReady(url, http: http, within: timeout) }
        } catch {
            stack.stopAll()
            throw error
        }
        return stack
    }

    /// Waits until the gateway at `url` answers `GET /readyz` with 200; throws, with its log, when it has not within
    /// `timeout`.
    func waitUntilReady(_ url: String, http: HTTPClient, within timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        var status = 0
        while ContinuousClock.now < deadline {
            status = (try? await http.stackRequest(url + "/readyz", timeout: .seconds(2)).status) ?? 0
            if status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw StackError("gateway \(url) not ready within \(timeout) (last /readyz status \(status)):\n\(self.gatewayLog(url))")
    }

    /// The log of the gateway at `url` (as ``gatewayURLs`` lists it).
    func gatewayLog(_ url: String) -> String {
        let index = self.gatewayURLs.firstIndex(of: url) ?? 0
        return self.log(index == 0 ? "tagpulse-gateway" : "tagpulse-gateway-\(index + 1)")
    }
}
