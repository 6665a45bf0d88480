/// What the store keeps about one key, in the Redis hash `tp:key:<id>`: never the key itself, only its SHA-256
/// digest. A client may hold several live keys (rotation with overlap); they share `client`, which is what rate
/// limits count.
public struct KeyRecord: Sendable, Hashable, Codable {
    public var id: String
    /// Lower-case hex SHA-256 of the whole key text.
    public var digest: String
    public var name: String
    public var client: String
    public var tier: String
    public var scopes: Set<KeyScope>
    public var createdMilliseconds: Int64
    /// The key stops working at this time (rotation overlap, or a fixed lifetime).
    public var notAfterMilliseconds: Int64?
    public var revokedMilliseconds: Int64?
    public var lastUsedMilliseconds: Int64?
    /// Bumped by every change that can end or narrow the key (revoke, rotate, update), and announced with it: an
    /// instance that has seen the notice of generation `n` never caches a copy older than `n`.
    public var generation: Int64

    public init(
        id: String,
        digest: String,
        name: String,
        client: String,
        tier: String,
        scopes: Set<KeyScope>,
        createdMilliseconds: Int64,
        notAfterMilliseconds: Int64? = nil,
        revokedMilliseconds: Int64? = nil,
        lastUsedMilliseconds: Int64? = nil,
        generation: Int64 = 0
    ) {
        self.id = id
        self.digest = digest
        self.name = name
        self.client = client
        self.tier = tier
        self.scopes = scopes
        self.createdMilliseconds = createdMilliseconds
        self.notAfterMilliseconds = notAfterMilliseconds
        self.revokedMilliseconds = revokedMilliseconds
        self.lastUsedMilliseconds = lastUsedMilliseconds
        self.generation = generation
    }

    /// Live: not revoked and not past `not_after`.
    public func isLive(at now: Int64) -> Bool {
        self.revokedMilliseconds == nil && (self.notAfterMilliseconds.map { now < $0 } ?? true)
    }

    /// SHA-256 of `text` as lower-case hex.
    public static func digest(of text: String) -> String {
        KeyDigest(of: text).hex
    }

    /// The stored digest, read (nil when it is not 64 lower-case hex digits: no key matches it).
    public var storedDigest: KeyDigest? { KeyDigest(hex: self.digest) }

    /// Whether `presented` (a presented key's digest, ``KeyDigest/init(of:)``) is this record's, in constant time.
    public func matches(_ presented: KeyDigest) -> Bool {
        self.storedDigest?.matches(presented) ?? false
    }
}

extension KeyRecord {
    /// The hash fields (`HSET tp:key:<id> …`).
    var fields: [(field: String, value: String)] {
        var fields: [(String, String)] = [
            ("digest", self.digest), ("name", self.name), ("client", self.client), ("tier", self.tier),
            ("scopes", self.scopes.sorted().map(\.rawValue).joined(separator: ",")), ("created", String(self.createdMilliseconds)),
        ]
        if let notAfter = self.notAfterMilliseconds { fields.append(("not_after", String(notAfter))) }
        if let revoked = self.revokedMilliseconds { fields.append(("revoked", String(revoked))) }
        if let lastUsed = self.lastUsedMilliseconds { fields.append(("last_used", String(lastUsed))) }
        fields.append(("gen", String(self.generation)))
        return fields
    }

    /// Reads `HGETALL` output (field, value, field, value …); nil when empty or broken.
    init?(id: String, hash: [String]) {
        guard hash.count % 2 == 0, !hash.isEmpty else { return nil }
        var values: [String: String] = [:]
        for index in stride(from: 0, to: hash.count, by: 2) { values[hash[index]] = hash[index + 1] }
        guard let digest = values["digest"], digest.utf8.count == 64, let tier = values["tier"], let scopes = values["scopes"],
            let created = values["created"].flatMap({ Int64($0) })
        else { return nil }
        self.init(
            id: id,
            digest: digest,
            name: values["name"] ?? "",
            client: values["client"] ?? id,
            tier: tier,
            scopes: KeyScope.set(parsing: scopes) ?? [],
            createdMilliseconds: created,
            notAfterMilliseconds: values["not_after"].flatMap { Int64($0) },
            revokedMilliseconds: values["revoked"].flatMap { Int64($0) },
            lastUsedMilliseconds: values["last_used"].flatMap { Int64($0) },
            generation: values["gen"].flatMap { Int64($0) } ?? 0
        )
    }
}
