import ArgumentParser
import Foundation
import TagPulseAccess
import TagPulseSettings

/// `tagpulse usage`: usage per client from the control Redis (what the gateways have flushed), as a table, CSV or
/// the JSON of `GET /v1/admin/usage`. Needs no gateway and no key: whoever reaches the Redis reads every client.
public struct UsageCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Print usage and cost per client and day (requests, cache hits, engine calls, upstream calls, OpenAI tokens).",
        usage: """
            tagpulse usage [--client <client>] [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--group day|key] [--json | --csv]
                           [--redis-url <url>] [--key-prefix <prefix>]
            """,
        discussion: """
            Reads the daily usage hashes every gateway writes (usage.flush_interval_ms after counting) from the control \
            Redis: redis.url and redis.key_prefix from TAGPULSE_* environment variables over the TAGPULSE_CONFIG file; \
            --redis-url and --key-prefix win. Days are UTC; --from defaults to 6 days before --to, --to to today; at \
            most 366 days. Background refreshes are counted for the client _refresh and warm-up jobs for _warm.

            Exit status: 0 printed; 2 a bad option or configuration value; 3 Redis could not be reached or failed.
            """
    )

    @Option(help: "One client (default: every client).")
    var client: String?

    @Option(help: ArgumentHelp("First day, UTC (default: 6 days before --to).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(help: ArgumentHelp("Last day, UTC (default: today).", valueName: "YYYY-MM-DD"))
    var to: String?

    @Option(help: ArgumentHelp("Rows per day (client × day) or per key (client × key over the range).", valueName: "day|key"))
    var group: String = "day"

    @Flag(help: "Print the JSON of GET /v1/admin/usage instead of a table.")
    var json = false

    @Flag(help: "Print the rows as CSV (a header line, then one line per row).")
    var csv = false

    @Option(
        name: .customLong("redis-url"),
        help: ArgumentHelp(
            "The control Redis: redis://[user[:password]@]host[:port][/db] or unix:///path[?db=N] (default: redis.url).",
            valueName: "url"
        )
    )
    var redisURL: String?

    @Option(help: ArgumentHelp("Prefix of every Redis key (default: redis.key_prefix, else tp:).", valueName: "prefix"))
    var keyPrefix: String?

    public init() {}

    /// The range, grouping and client, checked before anything is sent to Redis.
    struct Selection: Equatable {
        var client: String?
        var from: UsageDay
        var to: UsageDay
        var group: UsageReport.Grouping
    }

    func selection(today: UsageDay) throws(CommandFailure) -> Selection {
        guard !(self.json && self.csv) else { throw .usage("give at most one of --json and --csv") }
        guard let group = UsageReport.Grouping(rawValue: self.group) else { throw .usage("--group must be day or key") }
        let to = try self.to.map { text throws(CommandFailure) in try Self.day(text, "--to") } ?? today
        let from = try self.from.map { text throws(CommandFailure) in try Self.day(text, "--from") } ?? to.adding(days: -6)
        guard from <= to else { throw .usage("--from must not be after --to") }
        guard to.number - from.number < UsageStore.maxRangeDays else { throw .usage("the range covers at most \(UsageStore.maxRangeDays) days") }
        if let client = self.client, !KeyLimits.isValidClient(client) {
            throw .usage("--client must be 1–64 characters of a–z A–Z 0–9 . _ -")
        }
        return Selection(client: self.client, from: from, to: to, group: group)
    }

    /// The control Redis and key prefix: configuration (environment and `TAGPULSE_CONFIG`) with the options over it.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> RedisLocation {
        let source: ConfigSource
        do {
            source = try ConfigSource.load(environment: environment)
        } catch {
            throw .usage(error.description)
        }
        return try RedisLocation(source: source, redisURL: self.redisURL, keyPrefix: self.keyPrefix)
    }

    static func day(_ text: String, _ option: String) throws(CommandFailure) -> UsageDay {
        guard let day = UsageDay(parsing: text) else { throw .usage("\(option) must be a date YYYY-MM-DD") }
        return day
    }

    public func run() async throws {
        try await CommandFailure.reporting(command: "tagpulse usage") {
            let selection = try self.selection(today: UsageDay(unixMilliseconds: KeyStoreSession.nowMilliseconds()))
            let location = try self.location()
            let rows = try await RedisSession.run([location.redis]) { clients in
                // Retention does not matter for reading.
                let store = UsageStore(redis: clients[0], keyspace: AccessKeyspace(prefix: location.prefix), retentionDays: 1)
                return try await store.read(client: selection.client, from: selection.from, to: selection.to)
            }
            let report = UsageReport(rows: rows, from: selection.from, to: selection.to, group: selection.group, client: selection.client)
            if self.json {
                print(KeyOutput.json(report))
            } else if self.csv {
                print(UsageTable.csv(report), terminator: "")
            } else {
                print(UsageTable.render(report))
            }
        }
    }
}
