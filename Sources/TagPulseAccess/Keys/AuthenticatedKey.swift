/// The caller behind a request once its key is verified.
public struct AuthenticatedKey: Sendable, Hashable {
    /// The key's public id (`apikey.id` in logs), or `bootstrap`.
    public var id: String
    /// Rate limits count per client.
    public var client: String
    public var tier: String
    public var scopes: Set<KeyScope>

    public init(id: String, client: String, tier: String, scopes: Set<KeyScope>) {
        self.id = id
        self.client = client
        self.tier = tier
        self.scopes = scopes
    }
}
