import Testing

@testable import TagPulseAccess

struct APIKeyTests {
    @Test func generatedKeysHaveTheFormatAndParseBack() {
        for _ in 0..<100 {
            let key = APIKey.generate()
            #expect(key.text.hasPrefix("tp_"))
            #expect(key.id.utf8.count == 12)
            #expect(key.secret.utf8.count == 43)
            #expect(APIKey(parsing: key.text) == key)
            #expect(APIKey.isValidID(key.id))
        }
    }

    @Test func generationIsUniformEnoughAndUnique() {
        var seen = Set<String>()
        for _ in 0..<1000 { seen.insert(APIKey.generate().id) }
        #expect(seen.count == 1000)
    }

    @Test(arguments: [
        "", "tp_", "tp_abcdefghijkl_short", "xx_abcdefghijkl_" + String(repeating: "A", count: 43),
        "tp_ABCDEFGHIJKL_" + String(repeating: "A", count: 43),
        "tp_abcdefghijk_" + String(repeating: "A", count: 44), "tp_abcdefghijkl-" + String(repeating: "A", count: 43),
        "tp_abcdefghijkl_" + String(repeating: "A", count: 42) + "!", "tp_abcdefghijkl_" + String(repeating: "é", count: 43),
        "tp_abcdefghijkl_" + String(repeating: "A", count: 200), "Bearer tp_abcdefghijkl_" + String(repeating: "A", count: 43),
    ])
    func refusesMalformedKeys(text: String) {
        #expect(APIKey(parsing: text) == nil)
    }

    @Test func digestComparisonMatchesOnlyTheSameKey() {
        let key = APIKey.generate()
        let record = storedRecord(of: key)
        #expect(record.matches(KeyDigest(of: key.text)))
        let other = APIKey(parsing: "tp_" + key.id + "_" + String(repeating: "A", count: 43))!
        #expect(!record.matches(KeyDigest(of: other.text)))
        #expect(KeyRecord.digest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func recordsRoundTripThroughHashFields() {
        let record = KeyRecord(
            id: "abcdefghijkl",
            digest: String(repeating: "a", count: 64),
            name: "acme prod",
            client: "acme",
            tier: "standard",
            scopes: [.analyze, .warm],
            createdMilliseconds: 1,
            notAfterMilliseconds: 2,
            revokedMilliseconds: 3,
            lastUsedMilliseconds: 4
        )
        let flat = record.fields.flatMap { [$0.field, $0.value] }
        #expect(KeyRecord(id: record.id, hash: flat) == record)
        #expect(KeyRecord(id: record.id, hash: []) == nil)
        #expect(KeyRecord(id: record.id, hash: ["digest"]) == nil)
    }

    @Test func liveness() {
        var record = KeyRecord(
            id: "a",
            digest: "",
            name: "",
            client: "a",
            tier: "free",
            scopes: [.analyze],
            createdMilliseconds: 0,
            notAfterMilliseconds: 100
        )
        #expect(record.isLive(at: 99))
        #expect(!record.isLive(at: 100))
        record.notAfterMilliseconds = nil
        record.revokedMilliseconds = 5
        #expect(!record.isLive(at: 1))
    }

    @Test(arguments: [("analyze", true), ("analyze, warm,ADMIN", true), ("", false), ("read", false), ("analyze,read", false)])
    func scopes(text: String, valid: Bool) {
        #expect((KeyScope.set(parsing: text) != nil) == valid)
    }
}
