import Foundation
import XCTest

/// The built `tagpulse warm` without a gateway: usage errors exit 2 before any request, an unreachable gateway 3,
/// and the key is never printed.
final class WarmCommandProcessTests: XCTestCase {
    static let key = "tp_abcdefghij12_SecretPartThatMustNeverBePrinted000000000"

    func testBadOptionsAndInputExitWith2() async throws {
        let gateway = "http://127.0.0.1:\(try Tagpulse.closedPort())"
        let cases: [(arguments: [String], environment: [String: String], input: String, expected: String)] = [
            (["warm", "--gateway", gateway], [:], "skincare\n", "no API key"),
            (["warm", "--gateway", gateway, "--key", Self.key, "--kind", "video"], [:], "skincare\n", "--kind must be one of"),
            (["warm", "--gateway", gateway], ["TAGPULSE_API_KEY": Self.key], "# nothing\n\n", "no targets in the input"),
            (["warm", "--gateway", gateway], ["TAGPULSE_API_KEY": Self.key], "{not json\n", "line 1: not a JSON object"),
            (["warm", "--gateway", "ftp://x"], ["TAGPULSE_API_KEY": Self.key], "skincare\n", "--gateway must be"),
            (["warm", "--file", "/nonexistent/tags.txt"], ["TAGPULSE_API_KEY": Self.key], "", "--file: cannot read"),
            (["warm", "--bogus"], [:], "", "--bogus"),
        ]
        for (arguments, environment, input, expected) in cases {
            let result = try await Tagpulse.run(arguments, environment: environment, input: input)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.allOutput)")
            XCTAssertTrue(result.standardError.contains(expected), "\(arguments): \(result.standardError) lacks \(expected)")
            XCTAssertFalse(result.allOutput.contains("SecretPart"), "\(arguments) printed the key")
        }
    }

    func testAnUnreachableGatewayExitsWith3AndNamesItWithoutTheKey() async throws {
        let port = try Tagpulse.closedPort()
        let result = try await Tagpulse.run(
            ["warm", "--gateway", "http://127.0.0.1:\(port)", "--prompt", "What do people think about the price?"],
            environment: ["TAGPULSE_API_KEY": Self.key],
            input: "skincare\nbooktok\n"
        )
        XCTAssertEqual(result.status, 3, result.allOutput)
        XCTAssertTrue(result.standardError.contains("cannot reach the gateway at http://127.0.0.1:\(port)"), result.standardError)
        XCTAssertFalse(result.allOutput.contains("SecretPart"))
        XCTAssertLessThan(result.duration, .seconds(10))
    }
}
