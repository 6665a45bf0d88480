import TagPulseWire

/// A key as operators see it, in the admin API's responses and in `tagpulse keys … --json`: never the digest; the
/// secret only in the answer that created it. Times are RFC 3339 UTC with milliseconds.
public struct KeyView: Encodable, Sendable {
    public var id: String
    /// The whole key (`tp_<id>_<secret>`), only right after create or rotate.
    public var key: String?
    public var name: String
    public var client: String
    public var tier: String
    public var scopes: [String]
    /// `live`, `revoked` or `expired` (past `not_after`).
    public var status: String
    public var created: String
    public var notAfter: String?
    public var revoked: String?
    public var lastUsed: String?
    /// After a rotation: the key it replaces, with its new `not_after`.
    public var previous: KeyView.Boxed?

    /// Holds ``KeyView/previous`` (a struct cannot contain itself).
    public final class Boxed: Encodable, Sendable {
        public let view: KeyView
        public init(_ view: KeyView) { self.view = view }
        public func encode(to encoder: any Encoder) throws { try self.view.encode(to: encoder) }
    }

    enum CodingKeys: String, CodingKey {
        case id, key, name, client, tier, scopes, status, created, revoked, previous
        case notAfter = "not_after"
        case lastUsed = "last_used"
    }

    /// - Parameters:
    ///   - secret: the whole key text, only when it was just created.
    ///   - now: for `status` (Unix milliseconds).
    public init(_ record: KeyRecord, secret: String?, now: Int64) {
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

/// `{"keys": […]}`: the list of keys, newest first.
public struct KeyList: Encodable, Sendable {
    public var keys: [KeyView]

    public init(keys: [KeyView]) {
        self.keys = keys
    }
}
