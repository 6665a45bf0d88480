import ArgumentParser
import Foundation
import TagPulseAccess
import TagPulseSettings

/// `tagpulse keys`: create, list, rotate and revoke API keys straight in the key store's Redis, so an operator can
/// mint the first keys of a fresh deployment before any gateway runs. Changes are announced on the key events
/// channel, so running gateways drop their cached copies at once, as with the admin API.
public struct KeysCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list, rotate and revoke API keys in the key store's Redis (no gateway needed).",
        discussion: """
            Reads the gateway's configuration: redis.url, redis.key_prefix, ratelimit.tiers and ratelimit.default_tier, \
            from TAGPULSE_* environment variables over the TAGPULSE_CONFIG file; --redis-url and --key-prefix win. \
            With redis.sentinels set, the master is the one the sentinels name; with redis.cluster_nodes, that Redis \
            Cluster (unless --redis-url is given).

            Exit status: 0 done; 1 the command failed (no such key, a revoked key to rotate); 2 a bad option, argument \
            or configuration value (nothing was sent to Redis); 3 Redis could not be reached or failed.
            """,
        subcommands: [Create.self, List.self, Rotate.self, Revoke.self]
    )

    public init() {}

    /// Runs one subcommand's work: a ``CommandFailure`` is printed to standard error and becomes the exit status.
    static func reportingFailures(command: String, _ body: () async throws -> Void) async throws {
        try await CommandFailure.reporting(command: "tagpulse keys \(command)", body)
    }

    /// A key id argument; a ``CommandFailure`` (status 1: no such key) when `text` cannot be one. The text is not
    /// repeated: it may be a key pasted by mistake.
    static func keyID(_ text: String) throws(CommandFailure) -> String {
        if APIKey.isValidID(text) { return text }
        if APIKey(parsing: text) != nil {
            throw CommandFailure(.failed, "that is a whole key, not its id: pass the 12 characters after 'tp_' (as 'tagpulse keys list' shows)")
        }
        throw CommandFailure(.failed, "no key with that id: an id is 12 characters of a–z and 0–9 (as 'tagpulse keys list' shows)")
    }
}

/// The options every `tagpulse keys` subcommand takes: where the key store is.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("redis-url"),
        help: ArgumentHelp(
            "The key store's Redis: redis://[user[:password]@]host[:port][/db] or unix:///path[?db=N] (default: redis.url).",
            valueName: "url"
        )
    )
    var redisURL: String?

    @Option(help: ArgumentHelp("Prefix of every Redis key and channel (default: redis.key_prefix, else tp:).", valueName: "prefix"))
    var keyPrefix: String?

    /// The configuration (environment and `TAGPULSE_CONFIG`) with these options over it.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> KeysSettings {
        let source: ConfigSource
        do {
            source = try ConfigSource.load(environment: environment)
        } catch {
            throw .usage(error.description)
        }
        return try KeysSettings(source: source, redisURL: self.redisURL, keyPrefix: self.keyPrefix)
    }
}
