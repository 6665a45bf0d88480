import Foundation
import TagPulseAccess
import XCTest

@testable import TagPulseCLI

/// What the commands print: the admin API's JSON, a table and text blocks, none with a digest.
final class KeyOutputTests: XCTestCase {
    let now: Int64 = 1_764_000_000_000

    func record(_ id: String, name: String = "acme prod", revoked: Int64? = nil, notAfter: Int64? = nil) -> KeyRecord {
        KeyRecord(
            id: id,
            digest: String(repeating: "d", count: 64),
            name: name,
            client: "acme",
            tier: "standard",
            scopes: [.warm, .analyze],
            createdMilliseconds: self.now - 86_400_000,
            notAfterMilliseconds: notAfter,
            revokedMilliseconds: revoked,
            lastUsedMilliseconds: self.now - 1000
        )
    }

    func testJSONIsTheAdminAPIObject() throws {
        let key = APIKey(parsing: "tp_abcdefghij12_" + String(repeating: "S", count: 43))!
        let text = KeyOutput.json(KeyView(self.record(key.id, notAfter: self.now + 1000), secret: key.text, now: self.now))
        XCTAssertEqual(
            text,
            #"{"client":"acme","created":"2025-11-23T16:00:00.000Z","id":"abcdefghij12","key":"\#(key.text)","last_used":"2025-11-24T15:59:59.000Z","name":"acme prod","not_after":"2025-11-24T16:00:01.000Z","scopes":["analyze","warm"],"status":"live","tier":"standard"}"#
        )
        let listed = KeyOutput.json(KeyList(keys: [KeyView(self.record(key.id, revoked: self.now), secret: nil, now: self.now)]))
        XCTAssertFalse(listed.contains("\"key\""))
        XCTAssertFalse(listed.contains("ddddddd"))
        XCTAssertTrue(listed.hasPrefix(#"{"keys":[{"client":"acme""#))
        XCTAssertTrue(listed.contains(#""status":"revoked""#))
    }

    func testTable() {
        let table = KeyTable.render(
            [
                self.record("aaaaaaaaaaaa"), self.record("bbbbbbbbbbbb", name: "evil\u{1B}[2J\nname\u{202E}", revoked: self.now),
                self.record("cccccccccccc", notAfter: self.now - 1),
            ],
            now: self.now
        )
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(
            lines[0],
            "ID            NAME            CLIENT  TIER      SCOPES        STATUS   CREATED               NOT AFTER             LAST USED"
        )
        XCTAssertEqual(
            lines[1],
            "aaaaaaaaaaaa  acme prod       acme    standard  analyze,warm  live     2025-11-23T16:00:00Z  -                     2025-11-24T15:59:59Z"
        )
        XCTAssertTrue(lines[2].hasPrefix("bbbbbbbbbbbb  evil?[2J?name?  acme    standard  analyze,warm  revoked  "), String(lines[2]))
        XCTAssertTrue(lines[3].contains("  expired  "))
        XCTAssertFalse(table.contains("ddddddd"), "no digest")
    }

    func testLongNamesAreCut() {
        XCTAssertEqual(KeyTable.cell(String(repeating: "x", count: 40), limit: 32), String(repeating: "x", count: 31) + "…")
        XCTAssertEqual(KeyTable.cell("short", limit: 32), "short")
    }

    func testCreatedAndRotatedText() {
        let key = APIKey(parsing: "tp_abcdefghij12_" + String(repeating: "S", count: 43))!
        let created = KeyOutput.created(key: key, record: self.record(key.id), now: self.now)
        XCTAssertTrue(created.hasPrefix(key.text + "\n\nThis is the only time the key is shown"))
        XCTAssertEqual(created.components(separatedBy: key.secret).count, 2, "the secret appears once")
        XCTAssertTrue(created.contains("\nid:        abcdefghij12\n"))
        XCTAssertTrue(created.contains("\ntier:      standard\n"))
        XCTAssertTrue(created.contains("\nscopes:    analyze,warm\n"))
        XCTAssertFalse(created.contains("ddddddd"))

        let previous = self.record("oldoldoldold", notAfter: self.now + 86_400_000)
        let rotated = KeyOutput.rotated(key: key, record: self.record(key.id), previous: previous, now: self.now)
        XCTAssertTrue(rotated.hasSuffix("The old key oldoldoldold keeps working until 2025-11-25T16:00:00Z (in 1d), then stops."), rotated)
        let ended = KeyOutput.rotated(key: key, record: self.record(key.id), previous: self.record("oldoldoldold", notAfter: self.now), now: self.now)
        XCTAssertTrue(ended.hasSuffix("The old key oldoldoldold stopped working now."))
    }
}
