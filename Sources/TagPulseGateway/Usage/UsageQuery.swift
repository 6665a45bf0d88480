import TagPulseAccess

/// `GET /v1/admin/usage?client=&from=&to=&group=day|key`, read and checked: `from` and `to` are UTC dates
/// `YYYY-MM-DD` (default: the last 7 days up to today), both included, at most ``UsageStore/maxRangeDays`` days;
/// `group` is `day` (default) or `key`; `client` a client name (default: every client for `admin`, the caller's own
/// client for a `usage` key, which may read no other).
struct UsageQuery: Equatable {
    var client: String?
    var from: UsageDay
    var to: UsageDay
    var group: UsageReport.Grouping

    static func parse(
        _ parameters: [String: String],
        caller: AuthenticatedKey,
        today: UsageDay,
        maxRangeDays: Int = UsageStore.maxRangeDays
    ) throws(APIError) -> UsageQuery {
        let to = try Self.day(parameters["to"], "to") ?? today
        let from = try Self.day(parameters["from"], "from") ?? to.adding(days: -6)
        guard from <= to else { throw .usageRangeInverted }
        guard to.number - from.number < maxRangeDays else { throw .usageRangeTooLong(maxRangeDays) }
        var group = UsageReport.Grouping.day
        if let text = parameters["group"] {
            guard let parsed = UsageReport.Grouping(rawValue: text) else { throw .usageInvalidParameter("group", "must be day or key") }
            group = parsed
        }
        var client = parameters["client"].flatMap { $0.isEmpty ? nil : $0 }
        if let client, !KeyLimits.isValidClient(client) {
            throw .usageInvalidParameter("client", "must be 1–64 characters of a–z A–Z 0–9 . _ -")
        }
        if !caller.scopes.contains(.admin) {
            guard client == nil || client == caller.client else { throw .usageForbidden }
            client = caller.client
        }
        return UsageQuery(client: client, from: from, to: to, group: group)
    }

    private static func day(_ text: String?, _ parameter: String) throws(APIError) -> UsageDay? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = UsageDay(parsing: text) else { throw .usageInvalidDate(parameter) }
        return day
    }
}
