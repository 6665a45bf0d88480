import Foundation

/// One rate-limit window: `limit` requests per `period`, at most `burst` of them at once (GCRA).
///
/// Written in configuration as `<limit>/<period>[:<burst>]`: `60/min`, `5000/day`, `10/30s`, `100/min:20`. Periods:
/// `s`, `sec`, `min`, `m`, `h`, `hour`, `d`, `day`, or a count with a unit (`30s`, `15m`, `2h`). The burst defaults to
/// the limit (the whole quota may be used at once, then it refills evenly).
public struct RatePolicy: Sendable, Hashable, CustomStringConvertible {
    /// The group the window belongs to: `requests`, `analyses`, `upstream`, `ip`.
    public var group: String
    public var limit: Int
    public var periodMilliseconds: Int
    public var burst: Int

    public init(group: String, limit: Int, periodMilliseconds: Int, burst: Int? = nil) {
        self.group = group
        self.limit = max(1, limit)
        self.periodMilliseconds = max(1, periodMilliseconds)
        self.burst = min(max(1, burst ?? limit), self.limit)
    }

    /// The name in `RateLimit` headers and `violated_policies`: `requests-60s`.
    public var name: String { self.group + "-" + Self.windowText(self.periodMilliseconds) }

    /// The last part of the Redis key; includes the window so two windows of one group never share state.
    var keySuffix: String { self.group + ":" + String(self.periodMilliseconds) }

    /// The window in whole seconds (rounded up), as the `w` parameter of `RateLimit-Policy`.
    public var windowSeconds: Int { (self.periodMilliseconds + 999) / 1000 }

    public var description: String {
        "\(self.limit)/\(Self.windowText(self.periodMilliseconds))" + (self.burst == self.limit ? "" : ":\(self.burst)")
    }

    /// The same window with `limit` and `burst` divided by `instances` (at least 1 each): what one instance enforces
    /// on its own while Redis is unreachable.
    public func share(of instances: Int) -> RatePolicy {
        guard instances > 1 else { return self }
        return RatePolicy(
            group: self.group,
            limit: max(1, self.limit / instances),
            periodMilliseconds: self.periodMilliseconds,
            burst: max(1, self.burst / instances)
        )
    }

    static func windowText(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}

extension RatePolicy {
    /// Why a policy text could not be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var description: String {
            "'\(self.text)' is not a rate policy; write <limit>/<period>[:<burst>], e.g. 60/min, 5000/day, 100/min:20"
        }
    }

    /// Reads one policy (`60/min`, `100/min:20`).
    public init(group: String, parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0].trimmingCharacters(in: .whitespaces)), limit >= 1, limit <= 100_000_000 else {
            throw ParseError(text: text)
        }
        let windowAndBurst = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(windowAndBurst.count), let period = Self.period(String(windowAndBurst[0]).trimmingCharacters(in: .whitespaces))
        else { throw ParseError(text: text) }
        var burst: Int?
        if windowAndBurst.count == 2 {
            guard let value = Int(windowAndBurst[1].trimmingCharacters(in: .whitespaces)), value >= 1, value <= limit else {
                throw ParseError(text: text)
            }
            burst = value
        }
        self.init(group: group, limit: limit, periodMilliseconds: period, burst: burst)
    }

    /// Reads a comma-separated list of windows for one group (`60/min, 5000/day`); empty text is no limit.
    public static func list(group: String, parsing text: String) throws(ParseError) -> [RatePolicy] {
        var policies: [RatePolicy] = []
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            policies.append(try RatePolicy(group: group, parsing: String(item)))
        }
        return policies
    }

    /// `min` → 60000; `30s` → 30000; nil for anything else, or a period over 366 days.
    static func period(_ text: String) -> Int? {
        let units: [String: Int] = [
            "ms": 1, "s": 1000, "sec": 1000, "second": 1000, "m": 60_000, "min": 60_000, "minute": 60_000,
            "h": 3_600_000, "hour": 3_600_000, "d": 86_400_000, "day": 86_400_000,
        ]
        let lowered = text.lowercased()
        let digits = lowered.prefix { $0.isASCII && $0.isNumber }
        let unit = String(lowered.dropFirst(digits.count))
        guard let multiplier = units[unit] else { return nil }
        let count = digits.isEmpty ? 1 : Int(digits)
        guard let count, count >= 1, count <= 366 * 86_400_000 / multiplier else { return nil }
        return count * multiplier
    }
}
