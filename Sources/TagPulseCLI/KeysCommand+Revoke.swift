import ArgumentParser
import TagPulseAccess

extension KeysCommand {
    /// `tagpulse keys revoke ID [--json]`
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key: every gateway refuses it within a second. The record stays, marked revoked."
        )

        @Argument(help: "The id of the key to revoke (12 characters, as 'tagpulse keys list' shows).")
        var id: String

        @Flag(help: "Print the admin API's JSON object instead of text.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await KeysCommand.reportingFailures(command: "revoke") {
                let id = try KeysCommand.keyID(self.id)
                let settings = try self.store.settings()
                let result = try await KeyStoreSession.run(settings) { store -> (record: KeyRecord, already: Bool)? in
                    guard let before = try await store.record(id: id) else { return nil }
                    if before.revokedMilliseconds != nil { return (before, true) }
                    return try await store.revoke(id: id).map { ($0, false) }
                }
                guard let result else {
                    throw CommandFailure(.failed, "no key with id \(id) under prefix '\(settings.keyspace.prefix)'")
                }
                let now = KeyStoreSession.nowMilliseconds()
                print(
                    self.json
                        ? KeyOutput.json(KeyView(result.record, secret: nil, now: now))
                        : KeyOutput.revoked(result.record, now: now, already: result.already)
                )
            }
        }
    }
}
