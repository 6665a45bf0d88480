import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import TagPulseTestSupport
import XCTest

/// Sends requests through a router test client and checks every response against the OpenAPI document (status
/// documented for the operation, media type, body schema, headers); remembers which statuses each operation gave.
final class ConformanceRecorder: Sendable {
    let contract: OpenAPIContract
    let seen = Mutex<[OpenAPIContract.Operation: Set<Int>]>([:])

    init() throws {
        self.contract = try OpenAPIDocumentTests.contract()
    }

    /// Executes the request, asserts `status` and the response's conformance, and returns the response.
    @discardableResult
    func exchange(
        _ client: some TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields = [:],
        body: String? = nil,
        expect status: HTTPResponse.Status,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        XCTAssertEqual(response.status, status, "\(method) \(uri): \(String(buffer: response.body).prefix(300))", file: file, line: line)
        let problems = self.contract.check(
            method: method.rawValue,
            path: uri,
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name.rawName, $0.value) },
            body: Array(response.body.readableBytesView)
        )
        XCTAssertEqual(problems, [], "\(method) \(uri)", file: file, line: line)
        if let operation = self.contract.operation(method: method.rawValue, path: uri) {
            self.seen.withLock { _ = $0[operation, default: []].insert(Int(response.status.code)) }
        }
        return response
    }

    /// Statuses seen per operation.
    var statuses: [OpenAPIContract.Operation: Set<Int>] { self.seen.withLock { $0 } }
}

extension TestResponse {
    /// The body as JSON (nil when it is not).
    var json: JSON? { try? JSON.parse(self.body.readableBytesView) }
}
