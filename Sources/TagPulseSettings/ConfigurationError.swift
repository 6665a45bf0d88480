/// A configuration value that stops start-up. Its description names the key (and the file, when the value
/// came from one) so the operator knows what to fix; it never repeats a secret value.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the bad value came from: an environment variable name, or `key in file`.
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "configuration error: \(self.key): \(self.message)" }
}
