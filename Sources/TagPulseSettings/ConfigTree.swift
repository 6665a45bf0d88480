import Foundation
import Yams

/// A parsed config file: objects, lists and scalars, with every scalar kept as the text it was written as.
enum ConfigTree: Decodable, Equatable {
    case object([String: ConfigTree])
    case list([ConfigTree])
    case scalar(String)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .scalar(flag ? "true" : "false")
        } else if let integer = try? container.decode(Int64.self) {
            self = .scalar(String(integer))
        } else if let number = try? container.decode(Double.self) {
            self = .scalar(String(number))
        } else if let text = try? container.decode(String.self) {
            self = .scalar(text)
        } else if let list = try? container.decode([ConfigTree].self) {
            self = .list(list)
        } else {
            self = .object(try container.decode([String: ConfigTree].self))
        }
    }

    init(yaml: String) throws {
        guard let node = try Yams.compose(yaml: yaml) else {
            self = .object([:])
            return
        }
        self = ConfigTree(node: node)
    }

    init(node: Node) {
        switch node {
        case .scalar(let scalar):
            self = scalar.string == "~" || scalar.string == "null" ? .null : .scalar(scalar.string)
        case .sequence(let sequence):
            self = .list(sequence.map { ConfigTree(node: $0) })
        case .mapping(let mapping):
            var object: [String: ConfigTree] = [:]
            for (key, value) in mapping {
                object[key.string ?? ""] = ConfigTree(node: value)
            }
            self = .object(object)
        case .alias:
            self = .null
        }
    }

    /// Dotted keys to scalar text; lists become comma-separated, nulls are left out (the default applies).
    func flatten(prefix: String, into flat: inout [String: String]) {
        switch self {
        case .object(let object):
            for (key, value) in object {
                value.flatten(prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &flat)
            }
        case .list(let items):
            flat[prefix] = items.compactMap { if case .scalar(let text) = $0 { text } else { nil } }.joined(separator: ",")
        case .scalar(let text):
            flat[prefix] = text
        case .null:
            break
        }
    }
}
