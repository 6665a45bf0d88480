import ArgumentParser
import Foundation
import TagPulseAccess

extension KeysCommand {
    /// `tagpulse keys create --name NAME [--tier T] [--scopes analyze,warm,admin,usage] [--client C] [--expires-in 30d] [--json]`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it: the only time it is shown (only its SHA-256 digest is stored)."
        )

        @Option(help: "What the key is for, shown in lists (1–100 characters).")
        var name: String

        @Option(help: "Its rate-limit tier, one of ratelimit.tiers (default: ratelimit.default_tier).")
        var tier: String?

        @Option(help: "Comma-separated: analyze, warm, admin, usage.")
        var scopes: String = "analyze"

        @Option(help: "The client it belongs to; limits count per client (default: a new client named after the key's id).")
        var client: String?

        @Option(help: ArgumentHelp("A fixed lifetime: 90s, 15m, 2h, 30d or plain seconds, from 60s to 3650d (default: none).", valueName: "duration"))
        var expiresIn: String?

        @Flag(help: "Print the admin API's JSON object (with the key) instead of text.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await KeysCommand.reportingFailures(command: "create") {
                let settings = try self.store.settings()
                let new = try self.newKey(settings: settings, now: KeyStoreSession.nowMilliseconds())
                let created = try await KeyStoreSession.run(settings) { store in try await store.create(new) }
                let now = KeyStoreSession.nowMilliseconds()
                print(
                    self.json
                        ? KeyOutput.json(KeyView(created.record, secret: created.key.text, now: now))
                        : KeyOutput.created(key: created.key, record: created.record, now: now)
                )
            }
        }

        /// The options checked (before anything is sent to Redis), with the admin API's rules.
        func newKey(settings: KeysSettings, now: Int64) throws(CommandFailure) -> KeyStore.NewKey {
            let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard KeyLimits.nameLength.contains(name.unicodeScalars.count) else {
                throw .usage("--name: must be \(KeyLimits.nameLength.lowerBound)–\(KeyLimits.nameLength.upperBound) characters")
            }
            let tier = try settings.tier(self.tier)
            let scopes = try Self.scopes(parsing: self.scopes)
            if let client = self.client, !KeyLimits.isAssignableClient(client) {
                throw .usage("--client: must be 1–64 characters of a–z A–Z 0–9 . _ -, not starting with _")
            }
            let lifetime = try self.expiresIn.map { text throws(CommandFailure) in
                try KeyDuration.seconds(option: "--expires-in", text, range: KeyLimits.expiresInSeconds)
            }
            return KeyStore.NewKey(
                name: name,
                client: self.client,
                tier: tier,
                scopes: scopes,
                notAfterMilliseconds: lifetime.map { now + Int64($0) * 1000 }
            )
        }

        /// `analyze,warm`; a ``CommandFailure`` naming the first unknown scope.
        static func scopes(parsing text: String) throws(CommandFailure) -> Set<KeyScope> {
            var scopes: Set<KeyScope> = []
            let known = KeyScope.allCases.map(\.rawValue).joined(separator: ", ")
            for name in text.split(separator: ",") {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                guard let scope = KeyScope(rawValue: trimmed.lowercased()) else {
                    throw .usage("--scopes: unknown scope '\(KeyTable.cell(trimmed, limit: 40))'; known scopes: \(known)")
                }
                scopes.insert(scope)
            }
            guard !scopes.isEmpty else { throw .usage("--scopes: name at least one of \(known)") }
            return scopes
        }
    }
}
