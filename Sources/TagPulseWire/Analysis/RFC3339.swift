/// Formats Unix times as RFC 3339 UTC strings (`2025-10-01T12:00:00Z`, or with `.123Z` milliseconds), the one
/// timestamp format TagPulse emits (spec §11.18 lists the original's three).
public enum RFC3339 {
    public static func string(fromUnixSeconds seconds: Int64) -> String {
        let (date, time) = Self.civil(fromUnixSeconds: seconds)
        return "\(date)T\(time)Z"
    }

    public static func string(fromUnixMilliseconds milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let fraction = milliseconds - seconds * 1000
        let (date, time) = Self.civil(fromUnixSeconds: seconds)
        return "\(date)T\(time).\(Self.pad(fraction, 3))Z"
    }

    /// Howard Hinnant's days-to-civil algorithm: the (year, month, day) of a day counted from 1970-01-01; exact for
    /// every Int64 day in range, no Foundation, no locale.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A Unix time in seconds as its UTC date and time of day, formatted.
    static func civil(fromUnixSeconds seconds: Int64) -> (date: String, time: String) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        let date = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        let time =
            "\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay % 3600 / 60, 2)):\(Self.pad(secondOfDay % 60, 2))"
        return (date, time)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
