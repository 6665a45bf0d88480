import Foundation

/// The OpenAPI document as tests use it: its operations, its examples, and the check of a real response against the
/// operation that answered it (documented status, media type and body schema, documented headers).
public struct OpenAPIContract: Sendable {
    /// One method on one path template (`POST /v1/admin/keys/{id}/rotate`).
    public struct Operation: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var method: String
        public var path: String

        public init(method: String, path: String) {
            self.method = method.uppercased()
            self.path = path
        }

        public var description: String { "\(self.method) \(self.path)" }

        public static func < (lhs: Operation, rhs: Operation) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    /// A value the document gives as an example, with the schema it must satisfy.
    public struct Example: Sendable {
        public var location: String
        public var schema: JSON
        public var value: JSON
    }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    public let document: JSON
    public let validator: JSONSchemaValidator

    public init(data: some Collection<UInt8>) throws {
        self.document = try JSON.parse(data)
        self.validator = JSONSchemaValidator(root: self.document)
    }

    /// Every operation under `paths`.
    public var operations: [Operation] {
        let paths = self.document["paths"]?.object ?? [:]
        return paths.flatMap { path, item in
            Self.methods.filter { item[$0] != nil }.map { Operation(method: $0, path: path) }
        }.sorted()
    }

    /// The operation object of `operation`.
    public func object(of operation: Operation) -> JSON? {
        self.document["paths"]?[operation.path]?[operation.method.lowercased()]
    }

    /// `value` with `$ref`s followed until it is not a reference (for responses, parameters, headers, examples).
    public func resolve(_ value: JSON) -> JSON {
        var value = value
        var hops = 0
        while let reference = value["$ref"]?.string, let target = self.validator.resolve(reference), hops < 16 {
            value = target
            hops += 1
        }
        return value
    }

    /// The documented operation that serves `method` on a concrete `path` (a query is ignored): literal segments win
    /// over `{templates}`.
    public func operation(method: String, path: String) -> Operation? {
        let concrete = Self.segments(String(path.prefix { $0 != "?" }))
        let candidates = self.operations.filter { $0.method == method.uppercased() }.compactMap { operation -> (Operation, Int)? in
            let template = Self.segments(operation.path)
            guard template.count == concrete.count else { return nil }
            var templated = 0
            for (pattern, segment) in zip(template, concrete) {
                if pattern.hasPrefix("{") && pattern.hasSuffix("}") {
                    guard !segment.isEmpty else { return nil }
                    templated += 1
                } else if pattern != segment {
                    return nil
                }
            }
            return (operation, templated)
        }
        return candidates.min { $0.1 < $1.1 }?.0
    }

    /// Everything about a real response that the document does not allow; empty when it conforms. `headers` are the
    /// response's fields (any case; repeated fields are joined with `, `), `body` its bytes as received.
    public func check(method: String, path: String, status: Int, headers: [(name: String, value: String)], body: [UInt8]) -> [String] {
        guard let operation = self.operation(method: method, path: path) else { return ["\(method) \(path): not in the document"] }
        guard let responses = self.object(of: operation)?["responses"],
            let documented = responses["\(status)"] ?? responses["\(status / 100)XX"] ?? responses["default"]
        else { return ["\(operation): status \(status) is not documented"] }
        let response = self.resolve(documented)
        let label = "\(operation) → \(status)"
        var problems: [String] = []
        var fields: [String: String] = [:]
        for (name, value) in headers { fields[name.lowercased()] = fields[name.lowercased()].map { $0 + ", " + value } ?? value }
        for (name, header) in (response["headers"]?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            let header = self.resolve(header)
            guard let value = fields[name.lowercased()] else {
                if header["required"]?.bool == true { problems.append("\(label): misses the header \(name)") }
                continue
            }
            let schema = header["schema"] ?? .bool(true)
            let typed: JSON
            switch self.resolve(schema)["type"]?.string {
            case "integer", "number":
                guard let number = Double(value) else {
                    problems.append("\(label): header \(name) '\(value)' is not a number")
                    continue
                }
                typed = .number(number)
            default:
                typed = .string(value)
            }
            problems += self.validator.validate(typed, against: schema, at: "header \(name)").map { "\(label): \($0)" }
        }
        problems += self.checkBody(response, contentType: fields["content-type"], body: body, where: label)
        return problems
    }

    private func checkBody(_ response: JSON, contentType: String?, body: [UInt8], where location: String) -> [String] {
        guard let content = response["content"]?.object, !content.isEmpty else {
            return body.isEmpty ? [] : ["\(location): a body (\(body.count) bytes) where none is documented"]
        }
        let mediaType = contentType.map { $0.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased() } ?? "(none)"
        guard let media = content[mediaType] else {
            return ["\(location): Content-Type \(mediaType) is not one of \(content.keys.sorted())"]
        }
        let instance: JSON
        if mediaType.hasSuffix("json") {
            guard let parsed = try? JSON.parse(body) else { return ["\(location): the body is not JSON"] }
            instance = parsed
        } else {
            instance = .string(String(decoding: body, as: UTF8.self))
        }
        guard let schema = media["schema"] else { return [] }
        return self.validator.validate(instance, against: schema).map { "\(location): \($0)" }
    }

    /// Every example in the operations (parameters, request bodies, responses), with its schema.
    public var examples: [Example] {
        var examples: [Example] = []
        for operation in self.operations {
            guard let object = self.object(of: operation) else { continue }
            for parameter in object["parameters"]?.array ?? [] {
                let parameter = self.resolve(parameter)
                let location = "\(operation) parameter \(parameter["name"]?.string ?? "?")"
                examples += self.examples(of: parameter, schema: parameter["schema"], at: location)
            }
            for (mediaType, media) in self.resolve(object["requestBody"] ?? .null)["content"]?.object ?? [:] {
                examples += self.examples(of: media, schema: media["schema"], at: "\(operation) request \(mediaType)")
            }
            for (status, response) in object["responses"]?.object ?? [:] {
                for (mediaType, media) in self.resolve(response)["content"]?.object ?? [:] {
                    examples += self.examples(of: media, schema: media["schema"], at: "\(operation) → \(status) \(mediaType)")
                }
            }
        }
        return examples
    }

    private func examples(of holder: JSON, schema: JSON?, at location: String) -> [Example] {
        guard let schema else { return [] }
        var found: [Example] = []
        if let example = holder["example"] { found.append(Example(location: location, schema: schema, value: example)) }
        for (name, example) in holder["examples"]?.object ?? [:] {
            let value = self.resolve(example)["value"] ?? .null
            found.append(Example(location: "\(location) example \(name)", schema: schema, value: value))
        }
        return found
    }

    /// Every `$ref` in the document.
    public var references: [String] {
        var found: [String] = []
        func walk(_ value: JSON) {
            switch value {
            case .object(let fields):
                if let reference = fields["$ref"]?.string { found.append(reference) }
                fields.values.forEach(walk)
            case .array(let items):
                items.forEach(walk)
            default:
                break
            }
        }
        walk(self.document)
        return found
    }

    static func segments(_ path: String) -> [Substring] {
        path == "/" ? [""] : path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }
}
