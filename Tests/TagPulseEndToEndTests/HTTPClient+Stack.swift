import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension HTTPClient {
    /// One request to a test stack's gateway, the way every end-to-end test sends them: an optional JSON body, an
    /// optional Bearer key, extra headers replacing any of the same name; the whole answer (at most 16 MiB).
    func stackRequest(
        _ url: String,
        method: HTTPMethod = .GET,
        body: String? = nil,
        key: String? = nil,
        headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(30)
    ) async throws -> (status: Int, headers: HTTPHeaders, body: ByteBuffer) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await self.execute(request, timeout: timeout)
        return (Int(response.status.code), response.headers, try await response.body.collect(upTo: 16 << 20))
    }
}
