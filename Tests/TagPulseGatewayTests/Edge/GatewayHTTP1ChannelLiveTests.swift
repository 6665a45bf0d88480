import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import TagPulseGateway

/// `GatewayHTTP1Channel` behind a real socket, as `GatewayApplication.makeApplication` runs it.
@Suite("GatewayHTTP1Channel over a socket")
struct GatewayHTTP1ChannelLiveTests {
    func makeApp() -> some ApplicationProtocol {
        var configuration = GatewayConfiguration(bootstrapKey: nil)
        configuration.maxHeaderCount = 8
        let router = GatewayApplication.makeRouter(configuration: configuration, engine: InMemoryEngine(), nowMilliseconds: { 0 })
        return Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    @Test("requests within the limits are served on a keep-alive connection; too many header fields get a 431 problem")
    func servesAndRefuses() async throws {
        try await self.makeApp().test(.live) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "ok\n")
                }
            }
            var headers = HTTPFields()
            for index in 1...10 { headers[HTTPField.Name("X-Field-\(index)")!] = "v" }
            headers[HTTPField.Name("X-Request-ID")!] = "live-431"
            try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                #expect(response.status == .requestHeaderFieldsTooLarge)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.connection] == "close")
                let problem = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(problem?["code"] as? String == "HEADERS_TOO_LARGE")
                #expect(problem?["request_id"] as? String == "live-431")
            }
        }
    }
}
