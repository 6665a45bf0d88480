import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseTestSupport
import XCTest

@testable import TagPulseGateway

/// `GET /docs`, `/health` and `/` as the original service's clients knew them: the API reference page lists every
/// operation of the OpenAPI document and loads nothing from anywhere; `/health` has a numeric `timestamp` and
/// `environment`; `/` has `documentation`. (scripts/check-docs-page renders the page in a real headless Chromium.)
final class APIReferencePageTests: XCTestCase {
    func makeApp(environment: String = "staging") -> some ApplicationProtocol {
        var configuration = GatewayConfiguration(bootstrapKey: "tp_docs_key_0123456789abcdef")
        configuration.environment = environment
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: InMemoryEngine(),
            nowMilliseconds: { 1_764_000_000_042 }
        )
        return Application(router: router)
    }

    func testThePageListsEveryOperationOfTheDocument() throws {
        let page = APIReferencePage()
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        let operations = paths.values.flatMap { $0.values.compactMap { ($0 as? [String: Any])?["operationId"] as? String } }
        XCTAssertGreaterThan(operations.count, 20)
        XCTAssertEqual(Set(page.operationIDs), Set(operations))
        XCTAssertEqual(page.operationIDs.count, operations.count)
        for id in operations { XCTAssertTrue(page.html.contains("id=\"op-\(id)\""), id) }
        XCTAssertEqual(page.operationIDs.first, "analyzeHashtag", "the document's order")
        XCTAssertTrue(page.html.contains("<span class=\"method post\">POST</span> <code class=\"path\">/v1/analyze/hashtag</code>"))
        XCTAssertTrue(page.html.contains("id=\"schema-ProblemCode\""))
    }

    func testThePageLoadsNothingAndItsPolicyAllowsOnlyItsOwnInlineCode() throws {
        let page = APIReferencePage()
        let html = page.html.replacingOccurrences(of: APIReferencePage.noIcon, with: "")
        for needle in ["src=", "<link", "@import", "url(", "http://", "https://", "fetch(", "XMLHttpRequest"] {
            XCTAssertFalse(html.contains(needle), needle)
        }
        XCTAssertEqual(page.html.components(separatedBy: "<script>").count, 2, "one inline script")
        XCTAssertEqual(page.html.components(separatedBy: "<style>").count, 2, "one inline style sheet")
        XCTAssertTrue(page.html.contains("<script>\(APIReferencePage.script)</script>"))
        XCTAssertTrue(page.html.contains("<style>\(APIReferencePage.style)</style>"))
        XCTAssertEqual(
            page.contentSecurityPolicy,
            "default-src 'none'; style-src '\(APIReferencePage.hashSource(APIReferencePage.style))'; "
                + "script-src '\(APIReferencePage.hashSource(APIReferencePage.script))'; frame-ancestors 'none'"
        )
        // The known vector of SHA-256 (FIPS 180-2): "abc".
        XCTAssertEqual(APIReferencePage.hashSource("abc"), "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }

    func testDescriptionsAreEscapedBeforeTheirMarkdown() {
        XCTAssertEqual(
            APIReferencePage.markdown("a `<b>` **c** & d\n\ne"),
            "<p>a <code>&lt;b&gt;</code> <strong>c</strong> &amp; d</p><p>e</p>"
        )
    }

    func testDocsHealthAndIndexOverHTTP() async throws {
        try await self.makeApp().test(.router) { client in
            try await client.execute(uri: "/docs", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                XCTAssertEqual(response.headers[.contentSecurityPolicy], APIReferencePage().contentSecurityPolicy)
                XCTAssertTrue(String(buffer: response.body).contains("id=\"op-getHealth\""))
            }
            try await client.execute(uri: "/health", method: .get) { response in
                XCTAssertEqual(response.headers[.contentSecurityPolicy], "default-src 'none'; frame-ancestors 'none'")
                let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                XCTAssertEqual(object["timestamp"] as? Double, 1_764_000_000.042)
                XCTAssertEqual(object["environment"] as? String, "staging")
                XCTAssertEqual(String(buffer: response.body).contains(#""timestamp":1764000000.042,"#), true)
            }
            try await client.execute(uri: "/", method: .get) { response in
                let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                XCTAssertEqual(object["documentation"] as? [String: String], ["interactive_docs": "/docs", "openapi": "/openapi.json"])
                XCTAssertTrue((object["endpoints"] as? [String])?.contains("/docs") == true)
            }
        }
    }

    func testHealthTimestampKeepsItsMilliseconds() {
        XCTAssertTrue(HealthController.health(version: "1", environment: "x", unixMilliseconds: 5_007).contains(#""timestamp":5.007,"#))
        XCTAssertTrue(HealthController.health(version: "1", environment: "x", unixMilliseconds: 12_000).contains(#""timestamp":12.000,"#))
    }
}
