import TagPulseAccess

/// The key a connection presented last and who it authenticated as: the connection's next hit presenting the same
/// key, in the same field with the same bytes, is answered from here instead of ``KeyAuthenticator/cachedKey(_:)`` (the
/// key's SHA-256, its parse, a lock and a table look-up: 0.9 µs of a 20 µs hit, `perf`, 2026-12-07) and without taking
/// the key out of its `Bearer` value again (0.5 µs: a new string per hit). The answer stands while the authenticator's cache has
/// not changed since it was given (``KeyAuthenticator/changes``: a change notice, a resubscription, a record read
/// again) and for at most ``maximumAgeMilliseconds``, which bounds what only time changes (a key's `not_after`, the
/// cache TTL). A revocation's notice therefore takes effect on the connection's next request, as before.
///
/// One per connection (``HitFrontHandler``, ``HitPathHandler``), used on its event loop only. It holds no more of the
/// key than the connection's own buffers held, and compares it in constant time (``ConstantTimeBytes``).
struct PresentedKeyMemo {
    static let maximumAgeMilliseconds: Int64 = 100

    /// The field the key came in, exactly as sent: the `Authorization` value, else the `X-API-Key` value.
    private var credential = ""
    private var fromAuthorization = false
    private var caller: AuthenticatedKey?
    private var changes: UInt64 = 0
    private var at: Int64 = 0

    init() {}

    /// Who the request's `Authorization` or `X-API-Key` value (as sent) authenticates as, from the memo or
    /// `authenticate` given the key they present (``APIKeyMiddleware/presentedKey(authorization:apiKey:)``), which is
    /// asked when the memo holds another value, the cache changed since, or the answer is `maximumAgeMilliseconds`
    /// old. The memo compares the field's value as sent, so a hit it answers does not take the key out of it again.
    /// Only a known key is kept.
    mutating func caller(
        authorization: String?,
        apiKey: String?,
        changes: UInt64,
        now: Int64,
        authenticate: (String) -> AuthenticatedKey?
    ) -> AuthenticatedKey? {
        let fromAuthorization = authorization != nil
        let credential = authorization ?? apiKey ?? ""
        if let caller = self.caller, changes == self.changes, now >= self.at, now - self.at < Self.maximumAgeMilliseconds,
            fromAuthorization == self.fromAuthorization, ConstantTimeBytes.same(credential, self.credential)
        {
            return caller
        }
        self.caller = APIKeyMiddleware.presentedKey(authorization: authorization, apiKey: apiKey).flatMap(authenticate)
        self.credential = self.caller == nil ? "" : credential
        self.fromAuthorization = fromAuthorization
        self.changes = changes
        self.at = now
        return self.caller
    }
}
