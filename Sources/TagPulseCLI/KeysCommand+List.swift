import ArgumentParser
import TagPulseAccess

extension KeysCommand {
    /// `tagpulse keys list [--json]`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every key, newest first (revoked and expired ones included), without secrets or digests."
        )

        @Flag(help: "Print the admin API's JSON ({\"keys\": […]}) instead of a table.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await KeysCommand.reportingFailures(command: "list") {
                let settings = try self.store.settings()
                let records = try await KeyStoreSession.run(settings) { store in try await store.list() }
                let now = KeyStoreSession.nowMilliseconds()
                if self.json {
                    print(KeyOutput.json(KeyList(keys: records.map { KeyView($0, secret: nil, now: now) })))
                } else if records.isEmpty {
                    print("No keys under prefix '\(settings.keyspace.prefix)' in redis at \(settings.redisAddress).")
                } else {
                    print(KeyTable.render(records, now: now))
                }
            }
        }
    }
}
