import TagPulseAccess
import TagPulseWire

/// `POST /v1/admin/keys`: `{"name": "acme prod", "tier": "standard", "scopes": ["analyze"], "client": "acme",
/// "expires_in_s": 2592000}`; only `name` is required (tier `ratelimit.default_tier`, scopes `["analyze"]`, a new
/// client, no end).
struct CreateKeyRequest: Decodable {
    var name: String
    var tier: String?
    var scopes: [String]?
    var client: String?
    var expiresInSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case name, tier, scopes, client
        case expiresInSeconds = "expires_in_s"
    }

    func validated(tiers: Set<String>, defaultTier: String = "free", now: Int64) throws -> KeyStore.NewKey {
        var violations: [FieldViolation] = []
        let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(1...100).contains(name.unicodeScalars.count) { violations.append(.init(field: "name", message: "must be 1–100 characters")) }
        let tier = self.tier ?? (tiers.contains(defaultTier) ? defaultTier : tiers.sorted().first ?? defaultTier)
        if !tiers.contains(tier) { violations.append(.init(field: "tier", message: "must be one of \(tiers.sorted().joined(separator: ", "))")) }
        let scopes = KeyScope.set(parsing: (self.scopes ?? ["analyze"]).joined(separator: ","))
        if scopes == nil || self.scopes?.isEmpty == true {
            violations.append(.init(field: "scopes", message: "must be a non-empty list of analyze, warm, admin"))
        }
        if let client = self.client, !Self.isValidClient(client) {
            violations.append(.init(field: "client", message: "must be 1–64 characters of a–z A–Z 0–9 . _ -"))
        }
        if let expires = self.expiresInSeconds, !(60...(10 * 365 * 86_400)).contains(expires) {
            violations.append(.init(field: "expires_in_s", message: "must be between 60 and 315360000"))
        }
        guard violations.isEmpty, let scopes else { throw APIError.validationFailed(violations) }
        return KeyStore.NewKey(
            name: name,
            client: self.client,
            tier: tier,
            scopes: scopes,
            notAfterMilliseconds: self.expiresInSeconds.map { now + Int64($0) * 1000 }
        )
    }

    static func isValidClient(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}

/// `POST /v1/admin/keys/{id}/rotate`: `{"overlap_s": 86400}` (default one day; 0 ends the old key at once).
struct RotateKeyRequest: Decodable {
    var overlapSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case overlapSeconds = "overlap_s"
    }

    init(overlapSeconds: Int? = nil) {
        self.overlapSeconds = overlapSeconds
    }

    func overlapMilliseconds() throws -> Int64 {
        let seconds = self.overlapSeconds ?? 86_400
        guard (0...(30 * 86_400)).contains(seconds) else {
            throw APIError.validationFailed([.init(field: "overlap_s", message: "must be between 0 and 2592000")])
        }
        return Int64(seconds) * 1000
    }
}

/// A key as the admin API shows it: never the digest; the secret only in the response that created it.
struct KeyView: Encodable {
    var id: String
    var key: String?
    var name: String
    var client: String
    var tier: String
    var scopes: [String]
    var status: String
    var created: String
    var notAfter: String?
    var revoked: String?
    var lastUsed: String?
    var previous: KeyView.Boxed?

    final class Boxed: Encodable {
        let view: KeyView
        init(_ view: KeyView) { self.view = view }
        func encode(to encoder: any Encoder) throws { try self.view.encode(to: encoder) }
    }

    enum CodingKeys: String, CodingKey {
        case id, key, name, client, tier, scopes, status, created, revoked, previous
        case notAfter = "not_after"
        case lastUsed = "last_used"
    }

    init(_ record: KeyRecord, secret: String?, now: Int64) {
        self.id = record.id
        self.key = secret
        self.name = record.name
        self.client = record.client
        self.tier = record.tier
        self.scopes = record.scopes.sorted().map(\.rawValue)
        self.status = record.revokedMilliseconds != nil ? "revoked" : record.isLive(at: now) ? "live" : "expired"
        self.created = RFC3339.string(fromUnixMilliseconds: record.createdMilliseconds)
        self.notAfter = record.notAfterMilliseconds.map(RFC3339.string(fromUnixMilliseconds:))
        self.revoked = record.revokedMilliseconds.map(RFC3339.string(fromUnixMilliseconds:))
        self.lastUsed = record.lastUsedMilliseconds.map(RFC3339.string(fromUnixMilliseconds:))
    }
}

struct KeyList: Encodable {
    var keys: [KeyView]
}
