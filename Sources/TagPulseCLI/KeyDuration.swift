import Foundation

/// Durations on the command line: `90s`, `15m`, `2h`, `1d`, or plain seconds (`3600`); whole numbers only.
enum KeyDuration {
    static let units: [(suffix: Character, seconds: Int)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]

    /// Seconds, or nil when `text` is not a duration in that form (or overflows).
    static func seconds(parsing text: String) -> Int? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var multiplier = 1
        if let last = digits.last, let unit = Self.units.first(where: { $0.suffix == last }) {
            multiplier = unit.seconds
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.utf8.count <= 12, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let value = Int(digits)
        else { return nil }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : seconds
    }

    /// `--overlap` and `--expires-in`: within `range`, or a ``CommandFailure`` naming the option.
    static func seconds(option: String, _ text: String, range: ClosedRange<Int>) throws(CommandFailure) -> Int {
        guard let seconds = Self.seconds(parsing: text) else {
            throw .usage("\(option): '\(text.prefix(40))' is not a duration; use e.g. 90s, 15m, 2h, 1d or plain seconds")
        }
        guard range.contains(seconds) else {
            throw .usage("\(option): must be from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound)) (got \(Self.text(seconds)))")
        }
        return seconds
    }

    /// The largest whole unit: `1d`, `90m`, `45s`, `0s`.
    static func text(_ seconds: Int) -> String {
        for unit in Self.units.reversed() where seconds != 0 && seconds % unit.seconds == 0 {
            return "\(seconds / unit.seconds)\(unit.suffix)"
        }
        return "\(seconds)s"
    }
}
