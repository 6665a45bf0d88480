import TagPulseAccess
import TagPulseSettings
import XCTest

@testable import TagPulseCLI

/// `tagpulse keys create`'s options, checked with the admin API's rules before anything reaches Redis.
final class KeysCreateOptionsTests: XCTestCase {
    let now: Int64 = 1_764_000_000_000

    func settings(_ environment: [String: String] = [:]) throws -> KeysSettings {
        try KeysSettings(source: ConfigSource(environment: environment), redisURL: nil, keyPrefix: nil)
    }

    func newKey(_ arguments: [String], environment: [String: String] = [:]) throws -> KeyStore.NewKey {
        try KeysCommand.Create.parse(arguments).newKey(settings: try self.settings(environment), now: self.now)
    }

    func message(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try self.newKey(arguments, environment: environment)
            XCTFail("expected \(arguments) to be refused")
            return nil
        } catch let failure as CommandFailure {
            XCTAssertEqual(failure.status, .usage)
            return failure.message
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    func testDefaults() throws {
        let new = try self.newKey(["--name", "  acme prod  "])
        XCTAssertEqual(new.name, "acme prod")
        XCTAssertEqual(new.tier, "free")
        XCTAssertEqual(new.scopes, [.analyze])
        XCTAssertNil(new.client)
        XCTAssertNil(new.notAfterMilliseconds)
    }

    func testEveryOption() throws {
        let new = try self.newKey([
            "--name", "acme", "--tier", "standard", "--scopes", "analyze, WARM,admin", "--client", "acme-corp.eu_1", "--expires-in", "30d",
        ])
        XCTAssertEqual(new.tier, "standard")
        XCTAssertEqual(new.scopes, [.analyze, .warm, .admin])
        XCTAssertEqual(new.client, "acme-corp.eu_1")
        XCTAssertEqual(new.notAfterMilliseconds, self.now + 30 * 86_400_000)
    }

    func testTiersComeFromConfiguration() throws {
        let environment = ["TAGPULSE_RATELIMIT_TIERS": "gold,silver", "TAGPULSE_RATELIMIT_DEFAULT_TIER": "silver"]
        XCTAssertEqual(try self.newKey(["--name", "a"], environment: environment).tier, "silver")
        XCTAssertEqual(try self.newKey(["--name", "a", "--tier", "gold"], environment: environment).tier, "gold")
        XCTAssertEqual(
            self.message(["--name", "a", "--tier", "free"], environment: environment),
            "--tier: unknown tier 'free'; known tiers: gold, silver"
        )
    }

    func testRefusalsNameTheOption() {
        XCTAssertEqual(self.message(["--name", "a", "--tier", "gold"]), "--tier: unknown tier 'gold'; known tiers: free, standard, internal")
        XCTAssertEqual(
            self.message(["--name", "a", "--scopes", "analyze,root"]),
            "--scopes: unknown scope 'root'; known scopes: analyze, warm, admin, usage"
        )
        XCTAssertEqual(self.message(["--name", "a", "--scopes", " , "]), "--scopes: name at least one of analyze, warm, admin, usage")
        XCTAssertEqual(self.message(["--name", "   "]), "--name: must be 1–100 characters")
        XCTAssertEqual(self.message(["--name", String(repeating: "n", count: 101)]), "--name: must be 1–100 characters")
        XCTAssertEqual(
            self.message(["--name", "a", "--client", "acme corp"]),
            "--client: must be 1–64 characters of a–z A–Z 0–9 . _ -, not starting with _"
        )
        // The usage accounts of background work are not for keys.
        XCTAssertEqual(
            self.message(["--name", "a", "--client", "_warm"]),
            "--client: must be 1–64 characters of a–z A–Z 0–9 . _ -, not starting with _"
        )
        XCTAssertEqual(
            self.message(["--name", "a", "--expires-in", "1w"]),
            "--expires-in: '1w' is not a duration; use e.g. 90s, 15m, 2h, 1d or plain seconds"
        )
        XCTAssertEqual(self.message(["--name", "a", "--expires-in", "30s"]), "--expires-in: must be from 1m to 3650d (got 30s)")
    }

    func testKeyIDArguments() {
        XCTAssertEqual(try KeysCommand.keyID("abcdefghij12"), "abcdefghij12")
        let whole = APIKey.generate().text
        for text in ["nosuchid", "ABCDEFGHIJ12", whole] {
            XCTAssertThrowsError(try KeysCommand.keyID(text)) { error in
                let failure = error as? CommandFailure
                XCTAssertEqual(failure?.status, .failed)
                XCTAssertEqual(failure?.message.contains(text), false, "the argument is not repeated: it may be a key")
            }
        }
    }
}
