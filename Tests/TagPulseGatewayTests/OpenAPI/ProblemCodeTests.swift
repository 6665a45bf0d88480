import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import TagPulseGateway

/// The stable problem codes are one type, listed in one place: ``ProblemCode``, the OpenAPI document's
/// `ProblemCode` schema and the README's "Errors" table name the same set.
final class ProblemCodeTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    var typeCodes: Set<String> { Set(ProblemCode.allCases.map(\.rawValue)) }

    func testTheOpenAPIDocumentListsTheSameCodes() throws {
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let schemas = try XCTUnwrap((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let listed = try XCTUnwrap((schemas["ProblemCode"] as? [String: Any])?["enum"] as? [String])
        XCTAssertEqual(Set(listed), self.typeCodes)
        XCTAssertEqual(listed, ProblemCode.allCases.map(\.rawValue), "the same order")
    }

    func testTheREADMEErrorsTableDocumentsEveryCode() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "\n## Errors\n"))
        let end = try XCTUnwrap(readme.range(of: "\n## ", range: start.upperBound..<readme.endIndex))
        var documented = Set<String>()
        for line in readme[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            guard cells.count > 3 else { continue }
            var rest = Substring(cells[2])
            while let open = rest.firstIndex(of: "`") {
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "`") else { break }
                documented.insert(String(after[..<close]))
                rest = after[after.index(after: close)...]
            }
        }
        XCTAssertEqual(documented.subtracting(self.typeCodes), [], "README rows for codes the type does not have")
        XCTAssertEqual(self.typeCodes.subtracting(documented), [], "codes without a README row")
    }

    func testTypesAndDescriptions() {
        XCTAssertEqual(ProblemCode.rateLimited.type, "urn:tagpulse:problem:rate-limited")
        XCTAssertEqual("\(ProblemCode.invalidJSON)", "INVALID_JSON", "logs and labels show the code itself")
        XCTAssertEqual(APIError.unauthorized.type, "urn:tagpulse:problem:unauthorized")
        for code in ProblemCode.allCases {
            XCTAssertTrue(code.rawValue.allSatisfy { $0.isUppercase || $0 == "_" }, code.rawValue)
        }
    }
}

extension ProblemCodeTests {
    /// Thrown where no `ProblemMiddleware` runs, an `APIError` still answers as itself (Hummingbird's
    /// `HTTPResponseError`).
    func testAnAPIErrorIsAHummingbirdResponseError() async throws {
        let router = Router()
        router.get("/x") { _, _ -> Response in throw APIError.warmQueueFull }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/x", method: .get, headers: [HTTPField.Name("X-Request-ID")!: "abc"]) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                XCTAssertEqual(response.headers[.contentType], "application/problem+json")
                let body = String(buffer: response.body)
                XCTAssertTrue(body.contains(#""code":"WARM_QUEUE_FULL""#) && body.contains(#""request_id":"abc""#), body)
            }
        }
    }
}
