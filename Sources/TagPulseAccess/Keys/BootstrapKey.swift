import Foundation

/// The full-scope key from configuration (`TAGPULSE_BOOTSTRAP_KEY`, legacy `SERVICE_API_KEY`): it works without the
/// key store, so a fresh deployment (and the original's clients) can call the API and create the first keys. Only its SHA-256 digest is kept in memory after start-up, and
/// a presented key is compared digest to digest in constant time, so neither its content nor its length leaks
/// through timing.
public struct BootstrapKey: Sendable {
    private let digest: KeyDigest

    /// The id that stands for this key in logs (`apikey.id`).
    public static let keyID = "bootstrap"

    /// Keys printed in this repository's README, docs and scripts (the `scripts/run` and compose demo key): anyone
    /// can read them, so the gateway accepts one as its bootstrap key only while its public listener is loopback.
    /// `DocumentedKeysTests` fails when a key-shaped string in the docs is missing here.
    public static let published: Set<String> = ["tp_dev_local_only_change_me_0000"]

    /// True when `secret` is one of the ``published`` keys.
    public static func isPublished(_ secret: String) -> Bool {
        Self.published.contains(secret.trimmingCharacters(in: .whitespaces))
    }

    public init(secret: String) {
        self.digest = KeyDigest(of: secret)
    }

    public func matches(_ presented: String) -> Bool {
        self.matches(KeyDigest(of: presented))
    }

    /// True when `presented` is the digest of this key (a presented key hashed once for every check it meets).
    public func matches(_ presented: KeyDigest) -> Bool {
        self.digest.matches(presented)
    }
}
