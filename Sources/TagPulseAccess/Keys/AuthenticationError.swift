/// Why a presented key was not accepted.
public enum AuthenticationError: Error, Sendable, Equatable {
    /// No key, a malformed key, an unknown id or a wrong secret: one answer for all, so nothing is learnt by probing.
    case invalid
    /// The secret is right but the key was revoked.
    case revoked
    /// The secret is right but the key is past its `not_after`.
    case expired
    /// The key store could not be read and no copy of this key is cached.
    case unavailable
}
