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

    /// Reads the environment, and the config file it names in `TAGPULSE_CONFIG`, if any.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> ConfigSource {
        guard let path = environment[Self.configFileKey.environmentName], !path.isEmpty else {
            return ConfigSource(environment: environment)
        }
        let values = try Self.readFile(at: path, key: Self.configFileKey.environmentName)
        return ConfigSource(environment: environment, fileValues: values, filePath: path)
    }

    /// A raw value and where it came from, environment first.
    public func raw(_ key: ConfigKey) -> (value: String, origin: String)? {
        self.lookups.record(key.name)
        for name in key.environmentNames {
            if let value = self.environment[name] { return (value, name) }
        }
        if let value = self.fileValues[key.name] {
            return (value, "\(key.name) in \(self.filePath ?? "config file")")
        }
        return nil
    }

    /// Keys of the config file that no getter has asked for: a typo, or a key meant for the other process (one file
    /// may configure both). Call after the whole configuration has been read.
    public func unreadFileKeys() -> [String] {
        let read = self.lookups.names
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

/// The names of the keys a ``ConfigSource`` was asked for.
final class KeyLookups: Sendable {
    private let storage = Mutex<Set<String>>([])

    func record(_ name: String) { _ = self.storage.withLock { $0.insert(name) } }
    var names: Set<String> { self.storage.withLock { $0 } }
}
