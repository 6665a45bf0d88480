import Foundation
import TagPulseAccess
import TagPulseRedis

/// A short-lived connection to the key store (``RedisSession``) for one command's work.
enum KeyStoreSession {
    /// How long to wait for a connection before giving up (exit status 3).
    static let connectWait: Duration = RedisSession.connectWait

    /// Runs `body` with a ``KeyStore`` on `settings`' Redis. Redis trouble becomes a ``CommandFailure`` with status 3
    /// that names the server's `host:port`, never its password.
    static func run<T: Sendable>(
        _ settings: KeysSettings,
        connectWait: Duration = Self.connectWait,
        _ body: @Sendable (KeyStore) async throws -> T
    ) async throws -> T {
        try await RedisSession.run([settings.redis], connectWait: connectWait) { clients in
            try await body(KeyStore(redis: clients[0], keyspace: settings.keyspace, nowMilliseconds: Self.nowMilliseconds))
        }
    }

    /// Unix time in milliseconds (the gateway's clock for key times).
    @Sendable static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
