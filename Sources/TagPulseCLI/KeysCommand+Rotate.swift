import ArgumentParser
import TagPulseAccess

extension KeysCommand {
    /// `tagpulse keys rotate ID [--overlap 1d] [--json]`
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a key with a new one for the same client, tier and scopes; the old one works until the overlap ends."
        )

        @Argument(help: "The id of the key to replace (12 characters, as 'tagpulse keys list' shows).")
        var id: String

        @Option(
            help: ArgumentHelp(
                "How long the old key keeps working: 90s, 15m, 2h, 1d or plain seconds, 0 to 30d; 0 ends it now.",
                valueName: "duration"
            )
        )
        var overlap: String = "1d"

        @Flag(help: "Print the admin API's JSON object (the new key, with the old one under \"previous\") instead of text.")
        var json = false

        @OptionGroup var store: StoreOptions

        enum Outcome: Sendable {
            case rotated(key: APIKey, record: KeyRecord, previous: KeyRecord)
            case revoked
            case unknown
        }

        func run() async throws {
            try await KeysCommand.reportingFailures(command: "rotate") {
                let id = try KeysCommand.keyID(self.id)
                let overlap = try KeyDuration.seconds(option: "--overlap", self.overlap, range: KeyLimits.overlapSeconds)
                let settings = try self.store.settings()
                let outcome = try await KeyStoreSession.run(settings) { store -> Outcome in
                    if let rotated = try await store.rotate(id: id, overlapMilliseconds: Int64(overlap) * 1000) {
                        return .rotated(key: rotated.key, record: rotated.record, previous: rotated.previous)
                    }
                    return try await store.record(id: id) == nil ? .unknown : .revoked
                }
                let now = KeyStoreSession.nowMilliseconds()
                switch outcome {
                case .unknown:
                    throw CommandFailure(.failed, "no key with id \(id) under prefix '\(settings.keyspace.prefix)'")
                case .revoked:
                    throw CommandFailure(.failed, "key \(id) is revoked or expired; only a live key can be rotated (create a new one)")
                case .rotated(let key, let record, let previous):
                    if self.json {
                        var view = KeyView(record, secret: key.text, now: now)
                        view.previous = KeyView.Boxed(KeyView(previous, secret: nil, now: now))
                        print(KeyOutput.json(view))
                    } else {
                        print(KeyOutput.rotated(key: key, record: record, previous: previous, now: now))
                    }
                }
            }
        }
    }
}
