/// Whom usage is counted for: a client and the key it used (`-` for work no key asked for).
public struct UsageAccount: Sendable, Hashable {
    public var client: String
    public var key: String

    public init(client: String, key: String) {
        self.client = client
        self.key = key
    }

    public init(_ key: AuthenticatedKey) {
        self.init(client: key.client, key: key.id)
    }

    /// Background refreshes (stale-while-revalidate): no client asked for them at the time.
    public static let refresh = UsageAccount(client: "_refresh", key: "-")
    /// Cache warm-up jobs' engine calls (the job's own POST and GETs are admin calls, not counted).
    public static let warm = UsageAccount(client: "_warm", key: "-")
}

/// One account's figures for one UTC day: what the in-memory tally holds per entry.
public struct UsageBucket: Sendable, Hashable {
    public var account: UsageAccount
    public var day: UsageDay

    public init(account: UsageAccount, day: UsageDay) {
        self.account = account
        self.day = day
    }
}
