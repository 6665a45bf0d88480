/// Usage over a range, as `GET /v1/admin/usage` and `tagpulse usage --json` print it: totals, per-client summaries
/// with the cache's estimated savings, and rows per day (client × day) or per key (client × key, whole range).
public struct UsageReport: Encodable, Sendable, Equatable {
    public enum Grouping: String, Sendable, CaseIterable {
        case day, key
    }

    public var from: UsageDay
    public var to: UsageDay
    public var group: Grouping
    /// nil: every client.
    public var client: String?
    public var totals: Figures
    public var clients: [Figures]
    public var rows: [Figures]

    /// The figures of one row, one client or the whole report (the labels it has are set).
    public struct Figures: Encodable, Sendable, Equatable {
        public var day: UsageDay?
        public var client: String?
        public var key: String?
        public var counts: UsageCounts
        /// Estimated upstream calls and OpenAI tokens the cache saved: hits × the average cost of one engine call
        /// (per client; only on client summaries and totals).
        public var savings: Savings?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            if let day { try container.encode(day.description, forKey: AnyKey("day")) }
            if let client { try container.encode(client, forKey: AnyKey("client")) }
            if let key { try container.encode(key, forKey: AnyKey("key")) }
            for counter in UsageCounter.allCases { try container.encode(self.counts[counter], forKey: AnyKey(counter.rawValue)) }
            if let savings {
                try container.encode(savings.upstreamCalls, forKey: AnyKey("saved_upstream_calls"))
                try container.encode(savings.openAITokens, forKey: AnyKey("saved_openai_tokens"))
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case from, to, group, client, totals, clients, rows
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.from.description, forKey: .from)
        try container.encode(self.to.description, forKey: .to)
        try container.encode(self.group.rawValue, forKey: .group)
        try container.encode(self.client, forKey: .client)
        try container.encode(self.totals, forKey: .totals)
        try container.encode(self.clients, forKey: .clients)
        try container.encode(self.rows, forKey: .rows)
    }

    public struct Savings: Sendable, Equatable {
        public var upstreamCalls: Int64
        public var openAITokens: Int64

        public init(upstreamCalls: Int64, openAITokens: Int64) {
            self.upstreamCalls = upstreamCalls
            self.openAITokens = openAITokens
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { self.stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(rows stored: [UsageRow], from: UsageDay, to: UsageDay, group: Grouping, client: String?) {
        self.from = from
        self.to = to
        self.group = group
        self.client = client
        var byClient: [String: UsageCounts] = [:]
        var total = UsageCounts()
        var grouped: [Figures] = []
        var index: [String: Int] = [:]
        for row in stored.sorted(by: { ($0.day, $0.client, $0.key) < ($1.day, $1.client, $1.key) }) {
            byClient[row.client, default: UsageCounts()] += row.counts
            total += row.counts
            let label = group == .day ? "\(row.day.number) \(row.client)" : "\(row.client) \(row.key)"
            if let at = index[label] {
                grouped[at].counts += row.counts
            } else {
                index[label] = grouped.count
                grouped.append(
                    group == .day
                        ? Figures(day: row.day, client: row.client, counts: row.counts)
                        : Figures(client: row.client, key: row.key, counts: row.counts)
                )
            }
        }
        if group == .key { grouped.sort { ($0.client ?? "", $0.key ?? "") < ($1.client ?? "", $1.key ?? "") } }
        self.rows = grouped
        let clients = byClient.sorted { $0.key < $1.key }.map { name, counts in
            Figures(client: name, counts: counts, savings: Self.savings(counts, fallback: total))
        }
        self.clients = clients
        self.totals = Figures(
            counts: total,
            savings: Savings(
                upstreamCalls: clients.reduce(0) { $0 + ($1.savings?.upstreamCalls ?? 0) },
                openAITokens: clients.reduce(0) { $0 + ($1.savings?.openAITokens ?? 0) }
            )
        )
    }

    /// Hits × the average cost of one of this client's engine calls; a client without any engine call in the range
    /// is priced at the average of every account in the report (0 when there is none).
    static func savings(_ counts: UsageCounts, fallback: UsageCounts) -> Savings {
        let basis = counts.engineCalls > 0 ? counts : fallback
        guard basis.engineCalls > 0 else { return Savings(upstreamCalls: 0, openAITokens: 0) }
        let hits = Double(counts.hits)
        let calls = Double(basis.engineCalls)
        return Savings(
            upstreamCalls: Int64((hits * Double(basis.upstreamCalls) / calls).rounded()),
            openAITokens: Int64((hits * Double(basis.openAIPromptTokens + basis.openAICompletionTokens) / calls).rounded())
        )
    }
}
