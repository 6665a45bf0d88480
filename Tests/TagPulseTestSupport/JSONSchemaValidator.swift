import Foundation

/// Validates JSON values against the subset of JSON Schema 2020-12 that the OpenAPI document uses: `type` (a name
/// or a list, `null` included), `properties`, `required`, `additionalProperties` (`false` or a schema), `items`,
/// `enum`, `const`, `minimum`/`maximum`, `minLength`/`maxLength` (in code points), `minItems`/`maxItems`, `pattern`
/// (ECMA-262: unanchored, `$` only at the very end), `oneOf`/`anyOf`/`allOf`, and `$ref` to a JSON pointer in the same
/// document (`#/components/schemas/Problem`). Annotations (`description`, `examples`, `format`…) are ignored.
///
/// Any other keyword is reported as a violation instead of being skipped, so a schema can never pass because this
/// validator does not understand it; ``schemaProblems(_:at:)`` checks a schema without an instance.
public struct JSONSchemaValidator: Sendable {
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// Where in the instance (`$.metadata.timings.total_ms`, `$.items[3]`).
        public var path: String
        public var message: String

        public var description: String { "\(self.path): \(self.message)" }
    }

    static let annotations: Set<String> = [
        "description", "title", "summary", "examples", "example", "default", "format", "deprecated", "readOnly", "writeOnly",
        "$comment",
    ]
    static let assertions: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum", "minLength",
        "maxLength", "minItems", "maxItems", "pattern", "oneOf", "anyOf", "allOf", "$ref",
    ]
    static let typeNames: Set<String> = ["null", "boolean", "object", "array", "string", "number", "integer"]

    /// The document `$ref`s point into.
    public let root: JSON

    public init(root: JSON) {
        self.root = root
    }

    /// Every way `instance` breaks `schema`; empty when it is valid.
    public func validate(_ instance: JSON, against schema: JSON, at path: String = "$") -> [Violation] {
        switch schema {
        case .bool(true): return []
        case .bool(false): return [Violation(path: path, message: "no value is allowed here")]
        case .object(let keywords): return self.validate(instance, keywords: keywords, at: path)
        default: return [Violation(path: path, message: "the schema is not an object or a boolean")]
        }
    }

    /// Validates against the schema at `pointer` (`#/components/schemas/Problem`).
    public func validate(_ instance: JSON, schemaAt pointer: String) -> [Violation] {
        guard let schema = self.resolve(pointer) else { return [Violation(path: "$", message: "no schema at \(pointer)")] }
        return self.validate(instance, against: schema)
    }

    /// The value a `#/…` JSON pointer names in ``root``.
    public func resolve(_ pointer: String) -> JSON? {
        guard pointer.hasPrefix("#") else { return nil }
        var node = self.root
        for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let next = node[key] {
                node = next
            } else if let index = Int(key), let next = node[index] {
                node = next
            } else {
                return nil
            }
        }
        return node
    }

    private func validate(_ instance: JSON, keywords: [String: JSON], at path: String) -> [Violation] {
        var violations: [Violation] = []
        func fail(_ message: String) { violations.append(Violation(path: path, message: message)) }
        for keyword in keywords.keys.sorted() where !Self.annotations.contains(keyword) && !Self.assertions.contains(keyword) {
            fail("unsupported keyword '\(keyword)'")
        }
        if let reference = keywords["$ref"] {
            if let target = reference.string.flatMap(self.resolve) {
                violations += self.validate(instance, against: target, at: path)
            } else {
                fail("unresolvable $ref \(reference)")
            }
        }
        if let type = keywords["type"] {
            let names = type.array?.compactMap(\.string) ?? type.string.map { [$0] } ?? []
            if !names.contains(where: { Self.matches(instance, type: $0) }) {
                fail("is \(instance.typeName), not \(names.joined(separator: " or "))")
            }
        }
        if let allowed = keywords["enum"]?.array, !allowed.contains(instance) { fail("\(Self.short(instance)) is not one of \(allowed)") }
        if let constant = keywords["const"], constant != instance { fail("\(Self.short(instance)) is not \(constant)") }
        switch instance {
        case .number(let number):
            if let minimum = keywords["minimum"]?.number, number < minimum { fail("\(number) is below the minimum \(minimum)") }
            if let maximum = keywords["maximum"]?.number, number > maximum { fail("\(number) is above the maximum \(maximum)") }
        case .string(let text):
            violations += self.validateString(text, keywords: keywords, at: path)
        case .array(let items):
            if let minimum = keywords["minItems"]?.number, Double(items.count) < minimum { fail("has \(items.count) items, fewer than \(minimum)") }
            if let maximum = keywords["maxItems"]?.number, Double(items.count) > maximum { fail("has \(items.count) items, more than \(maximum)") }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() { violations += self.validate(item, against: itemSchema, at: "\(path)[\(index)]") }
            }
        case .object(let fields):
            violations += self.validateObject(fields, keywords: keywords, at: path)
        case .null, .bool:
            break
        }
        violations += self.validateCombinators(instance, keywords: keywords, at: path)
        return violations
    }

    private func validateString(_ text: String, keywords: [String: JSON], at path: String) -> [Violation] {
        var violations: [Violation] = []
        let length = Double(text.unicodeScalars.count)
        if let minimum = keywords["minLength"]?.number, length < minimum {
            violations.append(Violation(path: path, message: "is \(Int(length)) code points, shorter than \(Int(minimum))"))
        }
        if let maximum = keywords["maxLength"]?.number, length > maximum {
            violations.append(Violation(path: path, message: "is \(Int(length)) code points, longer than \(Int(maximum))"))
        }
        if let pattern = keywords["pattern"]?.string {
            switch Self.search(pattern, in: text) {
            case .some(true): break
            case .some(false): violations.append(Violation(path: path, message: "\(Self.short(.string(text))) does not match \(pattern)"))
            case nil: violations.append(Violation(path: path, message: "invalid pattern \(pattern)"))
            }
        }
        return violations
    }

    private func validateObject(_ fields: [String: JSON], keywords: [String: JSON], at path: String) -> [Violation] {
        var violations: [Violation] = []
        for name in keywords["required"]?.array?.compactMap(\.string) ?? [] where fields[name] == nil {
            violations.append(Violation(path: path, message: "misses the required property '\(name)'"))
        }
        let properties = keywords["properties"]?.object ?? [:]
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            let location = "\(path).\(name)"
            if let schema = properties[name] {
                violations += self.validate(value, against: schema, at: location)
            } else if let additional = keywords["additionalProperties"] {
                if additional == .bool(false) {
                    violations.append(Violation(path: location, message: "is not an allowed property"))
                } else {
                    violations += self.validate(value, against: additional, at: location)
                }
            }
        }
        return violations
    }

    private func validateCombinators(_ instance: JSON, keywords: [String: JSON], at path: String) -> [Violation] {
        var violations: [Violation] = []
        for schema in keywords["allOf"]?.array ?? [] { violations += self.validate(instance, against: schema, at: path) }
        if let options = keywords["anyOf"]?.array {
            let failures = options.map { self.validate(instance, against: $0, at: path) }
            if !failures.contains(where: \.isEmpty) {
                violations.append(Violation(path: path, message: "matches none of anyOf: \(Self.summary(failures))"))
            }
        }
        if let options = keywords["oneOf"]?.array {
            let failures = options.map { self.validate(instance, against: $0, at: path) }
            let matching = failures.filter(\.isEmpty).count
            if matching != 1 {
                let why = matching == 0 ? Self.summary(failures) : "\(matching) match"
                violations.append(Violation(path: path, message: "must match exactly one of oneOf: \(why)"))
            }
        }
        return violations
    }

    static func matches(_ instance: JSON, type: String) -> Bool {
        switch type {
        case "integer": instance.isInteger
        case "number": instance.number != nil
        default: instance.typeName == type
        }
    }

    /// ECMA-262 `pattern` semantics: the pattern may match anywhere; an unescaped `$` outside a class matches only at
    /// the very end (ICU's `$` also matches before a final line break). nil when the pattern does not compile.
    static func search(_ pattern: String, in text: String) -> Bool? {
        guard let regex = try? NSRegularExpression(pattern: Self.ecmaAnchors(pattern)) else { return nil }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func ecmaAnchors(_ pattern: String) -> String {
        var result = ""
        var escaped = false
        var inClass = false
        for character in pattern {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if inClass {
                if character == "]" { inClass = false }
            } else if character == "[" {
                inClass = true
            } else if character == "$" {
                result += #"(?![\s\S])"#
                continue
            }
            result.append(character)
        }
        return result
    }

    static func short(_ value: JSON) -> String {
        let text = value.description
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    static func summary(_ failures: [[Violation]]) -> String {
        failures.enumerated().map { "[\($0.offset)] " + ($0.element.first?.description ?? "ok") }.joined(separator: "; ")
    }
}

extension JSONSchemaValidator {
    /// What is wrong with `schema` itself, whatever the instance: unsupported keywords, keyword values of the wrong
    /// kind, patterns that do not compile, `$ref`s that do not resolve. Follows subschemas, not `$ref`s.
    public func schemaProblems(_ schema: JSON, at location: String = "#") -> [String] {
        guard case .object(let keywords) = schema else {
            return schema.bool == nil ? ["\(location): not a schema"] : []
        }
        var problems: [String] = []
        for (keyword, value) in keywords.sorted(by: { $0.key < $1.key }) {
            let here = "\(location)/\(keyword)"
            switch keyword {
            case _ where Self.annotations.contains(keyword):
                continue
            case "$ref":
                if value.string.flatMap(self.resolve) == nil { problems.append("\(here): unresolvable \(value)") }
            case "type":
                let names = value.array?.map(\.string) ?? [value.string]
                if names.isEmpty || names.contains(where: { $0.map(Self.typeNames.contains) != true }) {
                    problems.append("\(here): bad type \(value)")
                }
            case "properties":
                guard let properties = value.object else {
                    problems.append("\(here): not an object")
                    continue
                }
                for (name, subschema) in properties { problems += self.schemaProblems(subschema, at: "\(here)/\(name)") }
            case "additionalProperties", "items":
                problems += self.schemaProblems(value, at: here)
            case "allOf", "anyOf", "oneOf":
                guard let options = value.array, !options.isEmpty else {
                    problems.append("\(here): not a non-empty array")
                    continue
                }
                for (index, option) in options.enumerated() { problems += self.schemaProblems(option, at: "\(here)/\(index)") }
            case "required":
                if value.array?.allSatisfy({ $0.string != nil }) != true { problems.append("\(here): not an array of names") }
            case "enum":
                if value.array?.isEmpty != false { problems.append("\(here): not a non-empty array") }
            case "const":
                continue
            case "minimum", "maximum":
                if value.number == nil { problems.append("\(here): not a number") }
            case "minLength", "maxLength", "minItems", "maxItems":
                if !value.isInteger || (value.number ?? -1) < 0 { problems.append("\(here): not a non-negative integer") }
            case "pattern":
                if value.string.flatMap({ Self.search($0, in: "") }) == nil { problems.append("\(here): does not compile") }
            default:
                problems.append("\(here): unsupported keyword")
            }
        }
        return problems
    }
}
