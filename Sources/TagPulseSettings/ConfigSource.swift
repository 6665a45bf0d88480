import Foundation
import Synchronization

/// Configuration values in layers: built-in defaults < the config file (`TAGPULSE_CONFIG`, JSON or YAML) <
/// environment variables. Each process reads its whole configuration from one `ConfigSource`, once, at
/// start-up; the typed getters in `ConfigSource+Values.swift` throw a ``ConfigurationError`` naming the key.
public struct ConfigSource: Sendable {
    /// The process environment (or a test's dictionary).
    public let environment: [String: String]
    /// The config file's values, flattened to dotted keys (`{"http":{"port":8080}}` → `http.port`), as strings.
    public let fileValues: [String: String]
    /// The config file the values came from, if any.
    public let filePath: String?
    /// The keys looked up so far, to report file keys that nothing reads (typos, or keys for the other process).
    private let lookups = KeyLookups()

    /// The key that names the optional config file.
    public static let configFileKey = ConfigKey("config")

    public init(environment: [String: String], fileValues: [String: String] = [:], filePath: String? = nil) {
        self.environment = environment
        self.fileValues = fileValues
        self.filePath = filePath
    }

    /// Reads the environment, and the config file named by `configFile` (a server's `--config`) or else by
    /// `TAGPULSE_CONFIG`, if any.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        configFile: String? = nil
    ) throws(ConfigurationError) -> ConfigSource {
        let named =
            configFile.map { ($0, "--config") } ?? environment[Self.configFileKey.environmentName].map { ($0, Self.configFileKey.environmentName) }
        guard let (path, origin) = named, !path.isEmpty else {
            return ConfigSource(environment: environment)
        }
        let values = try Self.readFile(at: path, key: origin)
        return ConfigSource(environment: environment, fileValues: values, filePath: path)
    }

    /// A raw value and where it came from, environment first.
    public func raw(_ key: ConfigKey) -> (value: String, origin: String)? {
        for name in key.environmentNames {
            if let value = self.environment[name] {
                self.lookups.record(ConfigReading(key: key, value: value, source: .environment(name)))
                return (value, name)
            }
        }
        if let value = self.fileValues[key.name] {
            self.lookups.record(ConfigReading(key: key, value: value, source: .file(self.filePath ?? "config file")))
            return (value, "\(key.name) in \(self.filePath ?? "config file")")
        }
        self.lookups.recordUnset(key)
        return nil
    }

    /// Records the default a key took when nothing set it, for `--print-config`. The typed getters call it; code that
    /// reads a key with ``raw(_:)`` and applies its own default calls it too (after the lookup).
    public func noteDefault(_ key: ConfigKey, _ value: String) {
        self.lookups.recordDefault(key, value)
    }

    /// Every key read so far, sorted by name: its effective value and its source.
    public func readings() -> [ConfigReading] {
        self.lookups.readings.sorted { $0.key.name < $1.key.name }
    }

    /// Keys of the config file that no getter has asked for: a typo, or a key meant for the other process (one file
    /// may configure both). Call after the whole configuration has been read.
    public func unreadFileKeys() -> [String] {
        let read = Set(self.lookups.readings.map(\.key.name))
        return self.fileValues.keys.filter { !read.contains($0) }.sorted()
    }

    static func readFile(at path: String, key: String) throws(ConfigurationError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: key, message: "cannot read config file \(path)")
        }
        let tree: ConfigTree
        do {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ConfigurationError(key: key, message: "config file \(path) is not UTF-8")
                }
                tree = try ConfigTree(yaml: text)
            } else {
                tree = try JSONDecoder().decode(ConfigTree.self, from: data)
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(key: key, message: "config file \(path) is not valid JSON or YAML")
        }
        guard case .object = tree else {
            throw ConfigurationError(key: key, message: "config file \(path) must hold an object at the top level")
        }
        var flat: [String: String] = [:]
        tree.flatten(prefix: "", into: &flat)
        return flat
    }
}

/// The keys a ``ConfigSource`` was asked for, with the value each took and its source.
final class KeyLookups: Sendable {
    private let storage = Mutex<[String: ConfigReading]>([:])

    func record(_ reading: ConfigReading) { self.storage.withLock { $0[reading.key.name] = reading } }

    /// An unset key: a later ``recordDefault(_:_:)`` fills in its default; a set reading is left alone.
    func recordUnset(_ key: ConfigKey) {
        self.storage.withLock { readings in
            if readings[key.name] == nil { readings[key.name] = ConfigReading(key: key, value: nil, source: .defaultValue) }
        }
    }

    func recordDefault(_ key: ConfigKey, _ value: String) {
        self.storage.withLock { readings in
            guard readings[key.name]?.source ?? .defaultValue == .defaultValue else { return }
            readings[key.name] = ConfigReading(key: key, value: value, source: .defaultValue)
        }
    }

    var readings: [ConfigReading] { self.storage.withLock { Array($0.values) } }
}
