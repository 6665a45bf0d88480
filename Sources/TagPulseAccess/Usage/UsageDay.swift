import TagPulseWire

/// A UTC calendar day, as days since 1970-01-01: the bucket usage is counted in. Conversions are arithmetic
/// (proleptic Gregorian, H. Hinnant's civil-date algorithms): no calendar, no locale, no allocation on the hit path.
public struct UsageDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var number: Int

    public init(number: Int) {
        self.number = number
    }

    public static let millisecondsPerDay: Int64 = 86_400_000

    /// The day `unixMilliseconds` falls in.
    public init(unixMilliseconds: Int64) {
        let (quotient, remainder) = unixMilliseconds.quotientAndRemainder(dividingBy: Self.millisecondsPerDay)
        self.number = Int(remainder < 0 ? quotient - 1 : quotient)
    }

    /// Reads `YYYY-MM-DD` (a real date); nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.number = Self.days(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = Self.civil(self.number)
        return Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    /// `YYYYMMDD`: the suffix of the day's Redis keys.
    public var compact: String {
        let (year, month, day) = Self.civil(self.number)
        return Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2)
    }

    /// Unix seconds of the day's first second.
    public var startSeconds: Int { self.number * 86_400 }

    public static func < (lhs: UsageDay, rhs: UsageDay) -> Bool { lhs.number < rhs.number }

    public func adding(days: Int) -> UsageDay { UsageDay(number: self.number + days) }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let (year, month, day) = RFC3339.civil(fromDays: Int64(number))
        return (Int(year), Int(month), Int(day))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
