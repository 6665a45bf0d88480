/// Typed getters. Each returns the default when the key is unset everywhere, and throws a
/// ``ConfigurationError`` that names the variable (or file key) when a value is set but unusable.
extension ConfigSource {
    public func string(_ key: ConfigKey, default defaultValue: String) -> String {
        guard let value = self.raw(key)?.value else { return self.defaulted(key, defaultValue) }
        return value
    }

    /// nil when unset or set to the empty string.
    public func optionalString(_ key: ConfigKey) -> String? {
        guard let value = self.raw(key)?.value, !value.isEmpty else { return nil }
        return value
    }

    public func int(_ key: ConfigKey, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let (text, origin) = self.raw(key) else { return self.defaulted(key, defaultValue) }
        guard let value = Int(text.trimmingSpaces()), range.contains(value) else {
            throw ConfigurationError(
                key: origin,
                message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)\(self.shown(text, key))"
            )
        }
        return value
    }

    /// A decimal number within `range` (a ratio, a share).
    public func double(_ key: ConfigKey, default defaultValue: Double, range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let (text, origin) = self.raw(key) else { return self.defaulted(key, defaultValue) }
        guard let value = Double(text.trimmingSpaces()), value.isFinite, range.contains(value) else {
            throw ConfigurationError(
                key: origin,
                message: "must be a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted)\(self.shown(text, key))"
            )
        }
        return value
    }

    /// A duration written in whole milliseconds; `defaultValue` is the config struct's own default (so it is written
    /// once) and is shown in milliseconds by `--print-config`.
    public func milliseconds(_ key: ConfigKey, default defaultValue: Duration, range: ClosedRange<Int>) throws(ConfigurationError) -> Duration {
        .milliseconds(try self.int(key, default: Int((defaultValue / .milliseconds(1)).rounded()), range: range))
    }

    /// A duration written in whole seconds, as ``milliseconds(_:default:range:)``.
    public func seconds(_ key: ConfigKey, default defaultValue: Duration, range: ClosedRange<Int>) throws(ConfigurationError) -> Duration {
        .seconds(try self.int(key, default: Int((defaultValue / .seconds(1)).rounded()), range: range))
    }

    public func bool(_ key: ConfigKey, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let (text, origin) = self.raw(key) else { return self.defaulted(key, defaultValue) }
        switch text.trimmingSpaces().lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            throw ConfigurationError(key: origin, message: "must be true or false\(self.shown(text, key))")
        }
    }

    /// A value that must be one of `choices` (compared case-insensitively, returned lower-cased).
    public func choice(_ key: ConfigKey, default defaultValue: String, choices: [String]) throws(ConfigurationError) -> String {
        guard let (text, origin) = self.raw(key) else { return self.defaulted(key, defaultValue) }
        let value = text.trimmingSpaces().lowercased()
        guard choices.contains(value) else {
            throw ConfigurationError(key: origin, message: "must be one of \(choices.joined(separator: ", "))\(self.shown(text, key))")
        }
        return value
    }

    /// A secret: at least `minimumLength` characters when set. Never echoed in errors.
    public func secret(_ key: ConfigKey, minimumLength: Int) throws(ConfigurationError) -> String? {
        guard let (text, origin) = self.raw(key) else { return nil }
        let value = text.trimmingSpaces()
        if value.isEmpty { return nil }
        guard value.unicodeScalars.count >= minimumLength else {
            throw ConfigurationError(key: origin, message: "must be at least \(minimumLength) characters long")
        }
        return value
    }

    /// Where the value came from, for log lines at start-up (never the value itself).
    public func origin(of key: ConfigKey) -> String? { self.raw(key)?.origin }

    /// Returns `value` after noting it as `key`'s default for `--print-config`.
    private func defaulted<Value>(_ key: ConfigKey, _ value: Value) -> Value {
        self.noteDefault(key, "\(value)")
        return value
    }

    private func shown(_ text: String, _ key: ConfigKey) -> String {
        key.isSecret ? "" : " (got \"\(text.prefix(64))\")"
    }
}

extension Double {
    /// `1` rather than `1.0` in a message.
    fileprivate var formatted: String {
        self == self.rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace.
    public func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
