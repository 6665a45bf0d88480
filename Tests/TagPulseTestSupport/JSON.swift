import Foundation

/// A JSON value for tests that check documents and responses: booleans stay apart from numbers (which
/// `JSONSerialization` on Linux does not guarantee), numbers are `Double` (so `1` and `1.0` are equal, as JSON Schema
/// wants), objects are dictionaries.
public enum JSON: Sendable, Hashable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([JSON].self) {
            self = .array(list)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    /// Parses a whole JSON text (any value at the top).
    public static func parse(_ data: some Collection<UInt8>) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: Data(data))
    }

    public static func parse(_ text: String) throws -> JSON {
        try Self.parse(Array(text.utf8))
    }

    public subscript(key: String) -> JSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public subscript(index: Int) -> JSON? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var array: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var object: [String: JSON]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// A whole number (`1`, `1.0`), as JSON Schema's `integer`.
    public var isInteger: Bool {
        guard let number = self.number else { return false }
        return number.isFinite && number.rounded() == number
    }

    /// The JSON Schema type name (`integer` for whole numbers).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: self.isInteger ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Compact JSON text (keys sorted), for messages.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return self.isInteger && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text):
            let data = (try? JSONEncoder().encode(text)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.keys.sorted().map { JSON.string($0).description + ":" + fields[$0]!.description }.joined(separator: ",") + "}"
        }
    }
}
