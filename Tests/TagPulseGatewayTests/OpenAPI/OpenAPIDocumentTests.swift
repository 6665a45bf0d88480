import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TagPulseTestSupport
import XCTest

@testable import TagPulseGateway

/// The OpenAPI document itself: well-formed 3.1, every `$ref` and example sound, the embedded (minified) copy the same document as the file,
/// the route table and the document in step, the problem codes those the sources use, and `GET /openapi.json`.
final class OpenAPIDocumentTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let documentFile = packageRoot.appendingPathComponent("Sources/TagPulseGateway/Resources/openapi.json")

    /// The document as served (the embedded copy).
    static func contract() throws -> OpenAPIContract { try OpenAPIContract(data: Array(OpenAPIDocument.json.utf8)) }

    func testTheDocumentIsOpenAPI31AndEqualsTheEmbeddedCopy() throws {
        let file = try JSON.parse(Array(try Data(contentsOf: Self.documentFile)))
        let embedded = try JSON.parse(OpenAPIDocument.json)
        XCTAssertEqual(file, embedded, "the EmbedPlugin's minified copy is not the document of Resources/openapi.json")
        let version = try XCTUnwrap(file["openapi"]?.string)
        XCTAssertNotNil(version.range(of: #"^3\.1\.[0-9]+$"#, options: .regularExpression), version)
        XCTAssertEqual(file["info"]?["version"]?.string, GatewayApplication.version)
        XCTAssertNotNil(file["components"]?["securitySchemes"]?["BearerAuth"])
        XCTAssertNotNil(file["components"]?["securitySchemes"]?["ApiKeyHeader"])
    }

    func testEveryReferenceResolvesAndEverySchemaUsesOnlyWhatTheValidatorChecks() throws {
        let contract = try Self.contract()
        let references = contract.references
        XCTAssertGreaterThan(references.count, 100)
        for reference in Set(references) {
            XCTAssertNotNil(contract.validator.resolve(reference), "unresolvable \(reference)")
        }
        var schemas: [(String, JSON)] = []
        for (name, schema) in contract.document["components"]?["schemas"]?.object ?? [:] { schemas.append(("#/components/schemas/\(name)", schema)) }
        for (name, header) in contract.document["components"]?["headers"]?.object ?? [:] {
            schemas.append(("#/components/headers/\(name)", header["schema"] ?? .null))
        }
        for example in contract.examples { schemas.append((example.location, example.schema)) }
        XCTAssertGreaterThan(schemas.count, 80)
        for (location, schema) in schemas {
            XCTAssertEqual(contract.validator.schemaProblems(schema, at: location), [])
        }
    }

    func testEveryExampleValidatesAgainstItsSchema() throws {
        let contract = try Self.contract()
        let examples = contract.examples
        XCTAssertGreaterThan(examples.count, 60, "examples of parameters, request bodies and responses")
        for example in examples {
            let violations = contract.validator.validate(example.value, against: example.schema)
            XCTAssertEqual(violations, [], example.location)
        }
        // And the check has teeth: a broken copy of an example fails.
        let analysis = try XCTUnwrap(contract.document["components"]?["examples"]?["AnalysisResult"]?["value"])
        guard case .object(var broken) = analysis else { return XCTFail("the analysis example is not an object") }
        broken["comment_analyses"] = .array([.object(["quote": .string("no other field")])])
        XCTAssertFalse(contract.validator.validate(.object(broken), schemaAt: "#/components/schemas/AnalysisResult").isEmpty)
    }

    func testEveryRegisteredRouteIsDocumentedAndEveryOperationIsRegistered() throws {
        let contract = try Self.contract()
        let router = GatewayApplication.makeRouter(configuration: GatewayConfiguration(), engine: InMemoryEngine(), nowMilliseconds: { 0 })
        let registered = Set(router.routes.map { OpenAPIContract.Operation(method: $0.method.rawValue, path: $0.path.description) })
        let documented = Set(contract.operations)
        XCTAssertGreaterThanOrEqual(registered.count, 19)
        XCTAssertEqual(registered.subtracting(documented).sorted(), [], "registered but not documented")
        XCTAssertEqual(documented.subtracting(registered).sorted(), [], "documented but not registered")
    }

    /// The route table says what is registered; requests say that the document's templates reach those handlers.
    func testEveryDocumentedOperationIsRoutedAndUndocumentedOnesAreNot() async throws {
        let contract = try Self.contract()
        let router = GatewayApplication.makeRouter(configuration: GatewayConfiguration(), engine: InMemoryEngine(), nowMilliseconds: { 0 })
        let registered = Set(router.routes.map { OpenAPIContract.Operation(method: $0.method.rawValue, path: $0.path.description) })
        let samples = ["{tag}": "skincare", "{id}": "k3xq9v0m2abc", "{job}": "wj_4fJ2kQ9zXc81LmN0pRsT7v"]
        let documented = contract.operations.filter { registered.contains($0) }.map { operation in
            (operation.method, samples.reduce(operation.path) { $0.replacingOccurrences(of: $1.key, with: $1.value) }, true)
        }
        let probes = documented + [("GET", "/v1/analyze/hashtag", false), ("POST", "/openapi.json", false), ("GET", "/v1/hashtags/x", false)]
        try await Application(router: router).test(.router) { client in
            for (method, path, documented) in probes {
                try await client.execute(uri: path, method: HTTPRequest.Method(method)!) { response in
                    let code = (try? JSON.parse(response.body.readableBytesView))?["code"]?.string
                    XCTAssertEqual(code == "NOT_FOUND", !documented, "\(method) \(path): \(response.status) \(code ?? "-")")
                }
            }
        }
    }

    func testTheProblemCodesAreTheOnesTheGatewayUses() throws {
        let contract = try Self.contract()
        let documented = Set(contract.document["components"]?["schemas"]?["ProblemCode"]?["enum"]?.array?.compactMap(\.string) ?? [])
        var used: Set<String> = []
        let sources = Self.packageRoot.appendingPathComponent("Sources/TagPulseGateway")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        // Codes are `ProblemCode` cases (`code: .rateLimited`): a case's name is its raw value in lower camel case.
        let byCaseName = Dictionary(uniqueKeysWithValues: ProblemCode.allCases.map { (Self.caseName($0.rawValue), $0.rawValue) })
        let pattern = try NSRegularExpression(pattern: #"code: \.([a-zA-Z]+)"#)
        for file in files where file.pathExtension == "swift" && file.lastPathComponent != "OpenAPIDocument.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 1), in: text)!])
                if let code = byCaseName[name] { used.insert(code) }
            }
        }
        XCTAssertGreaterThanOrEqual(used.count, 35)
        XCTAssertEqual(used.subtracting(documented).sorted(), [], "codes the gateway answers with but the document lacks")
        XCTAssertEqual(documented.subtracting(used).sorted(), [], "documented codes nothing answers with")
    }

    /// `RATE_LIMITED` → `rateLimited`, `INVALID_JSON` → `invalidJSON`.
    static func caseName(_ code: String) -> String {
        let words = code.lowercased().split(separator: "_").map(String.init)
        return words[0] + words.dropFirst().map { $0 == "json" ? "JSON" : $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    func testTheDocumentIsServedWithoutAKeyWithAStrongETag() async throws {
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: "tp_doc_key_0123456789abcdef"),
            engine: InMemoryEngine(),
            nowMilliseconds: { 0 }
        )
        try await Application(router: router).test(.router) { client in
            let etag = try await client.execute(uri: "/openapi.json", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/json")
                XCTAssertEqual(response.headers[.cacheControl], "public, max-age=300")
                XCTAssertEqual(String(buffer: response.body), OpenAPIDocument.json)
                let etag = try XCTUnwrap(response.headers[.eTag])
                XCTAssertNotNil(etag.range(of: #"^"[0-9a-f]{32}"$"#, options: .regularExpression), etag)
                return etag
            }
            try await client.execute(uri: "/openapi.json", method: .get, headers: [.ifNoneMatch: "\"other\", \(etag)"]) { response in
                XCTAssertEqual(response.status, .notModified)
                XCTAssertEqual(response.headers[.eTag], etag)
                XCTAssertEqual(response.body.readableBytes, 0)
            }
            try await client.execute(uri: "/openapi.json", method: .get, headers: [.ifNoneMatch: "\"other\""]) { response in
                XCTAssertEqual(response.status, .ok)
            }
            try await client.execute(uri: "/", method: .get) { response in
                let endpoints = try XCTUnwrap(try JSON.parse(response.body.readableBytesView)["endpoints"]?.array)
                XCTAssertTrue(endpoints.contains(.string("/openapi.json")))
            }
        }
    }
}
