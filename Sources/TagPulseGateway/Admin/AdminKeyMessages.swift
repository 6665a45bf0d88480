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
        if !KeyLimits.nameLength.contains(name.unicodeScalars.count) { violations.append(.init(field: "name", message: "must be 1–100 characters")) }
        let tier = self.tier ?? (tiers.contains(defaultTier) ? defaultTier : tiers.sorted().first ?? defaultTier)
        if !tiers.contains(tier) { violations.append(.init(field: "tier", message: "must be one of \(tiers.sorted().joined(separator: ", "))")) }
        let scopes = KeyScope.set(parsing: (self.scopes ?? KeyLimits.defaultScopes.map(\.rawValue)).joined(separator: ","))
        if scopes == nil || self.scopes?.isEmpty == true {
            violations.append(.init(field: "scopes", message: "must be a non-empty list of analyze, warm, admin, usage"))
        }
        if let client = self.client, !KeyLimits.isAssignableClient(client) {
            violations.append(.init(field: "client", message: "must be 1–64 characters of a–z A–Z 0–9 . _ -, not starting with _"))
        }
        if let expires = self.expiresInSeconds, !KeyLimits.expiresInSeconds.contains(expires) {
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
        let seconds = self.overlapSeconds ?? KeyLimits.defaultOverlapSeconds
        guard KeyLimits.overlapSeconds.contains(seconds) else {
            throw APIError.validationFailed([.init(field: "overlap_s", message: "must be between 0 and 2592000")])
        }
        return Int64(seconds) * 1000
    }
}
