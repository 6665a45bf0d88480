/// The caller behind a request once its key is verified.
public struct AuthenticatedKey: Sendable, Hashable {
    /// The key's public id (`apikey.id` in logs), or `bootstrap`.
    public let id: String
    /// Rate limits count per client.
    public let client: String
    public let tier: String
    public let scopes: Set<KeyScope>
    /// What the client's windows count (`client:<client>`), made once with the key rather than on every hit.
    public let subject: RateSubject
    /// ``scopes`` as a mask (``KeyScope/bit``): every cache hit checks a scope, with no hashing.
    private let scopeBits: UInt8

    public init(id: String, client: String, tier: String, scopes: Set<KeyScope>) {
        self.id = id
        self.client = client
        self.tier = tier
        self.scopes = scopes
        self.subject = .client(client)
        self.scopeBits = scopes.reduce(0) { $0 | $1.bit }
    }

    /// Whether the key holds `scope`.
    public func allows(_ scope: KeyScope) -> Bool { self.scopeBits & scope.bit != 0 }
}
