import TagPulseWire

/// Reads a `POST /v1/admin/warm` body: `{"items":[{"kind":"hashtag","hashtag":"skincare",…},…],"concurrency":2}`.
///
/// Each item is a `kind` (`hashtag`, `account`, `search`) plus the fields the `POST /v1/analyze/{kind}` body takes,
/// checked by ``AnalysisRequestParser`` itself, so an item is valid exactly when that request would be. Every
/// violation of every item is reported at once, named `items[3].hashtag`; nothing is queued unless all are valid.
struct WarmRequest: Sendable, Equatable {
    /// At most this many violations are listed (a thousand broken items would make a megabyte of problem).
    static let maximumViolations = 100

    var items: [WarmItem]
    /// Items in flight at once, already clamped to ``WarmSettings/maxConcurrency``.
    var concurrency: Int

    static func parse(fields: [String: JSONValue], settings: WarmSettings) throws(APIError) -> WarmRequest {
        var violations: [FieldViolation] = []
        let concurrency = Self.concurrency(fields["concurrency"], settings: settings, &violations)
        var items: [WarmItem] = []
        switch fields["items"] {
        case nil, .null?:
            violations.append(.init(field: "items", message: "is required"))
        case .array(let list)? where list.isEmpty || list.count > settings.maxItems:
            violations.append(.init(field: "items", message: "must hold 1 to \(settings.maxItems) items"))
        case .array(let list)?:
            for (index, element) in list.enumerated() {
                if let item = Self.item(element, index: index, &violations) { items.append(item) }
            }
        case let other?:
            violations.append(.init(field: "items", message: "must be an array, not \(other.typeName)"))
        }
        guard violations.isEmpty else { throw .validationFailed(Self.capped(violations)) }
        return WarmRequest(items: items, concurrency: concurrency)
    }

    /// One item, or nil with its violations added under `items[<index>]`.
    static func item(_ value: JSONValue, index: Int, _ violations: inout [FieldViolation]) -> WarmItem? {
        let name = "items[\(index)]"
        guard case .object(let fields) = value else {
            violations.append(.init(field: name, message: "must be an object, not \(value.typeName)"))
            return nil
        }
        let kinds = AnalysisKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw = fields["kind"] else {
            violations.append(.init(field: name + ".kind", message: "is required (one of \(kinds))"))
            return nil
        }
        guard case .string(let text) = raw, let kind = AnalysisKind(rawValue: text) else {
            violations.append(.init(field: name + ".kind", message: "must be one of \(kinds)"))
            return nil
        }
        do throws(APIError) {
            return WarmItem(kind: kind, params: try AnalysisRequestParser.parse(fields: fields, kind: kind))
        } catch {
            let found = error.violations.isEmpty ? [FieldViolation(field: "", message: error.detail)] : error.violations
            violations += found.map { FieldViolation(field: $0.field.isEmpty ? name : name + "." + $0.field, message: $0.message) }
            return nil
        }
    }

    /// `concurrency`: optional, a whole number of at least 1, clamped to the configured maximum.
    static func concurrency(_ value: JSONValue?, settings: WarmSettings, _ violations: inout [FieldViolation]) -> Int {
        let requested: Int64?
        switch value {
        case nil, .null?: return settings.maxConcurrency
        case .integer(let integer)?: requested = integer
        case .number(let number)?: requested = number.isFinite && number == number.rounded() && abs(number) < 1e15 ? Int64(number) : nil
        default: requested = nil
        }
        guard let requested, requested >= 1 else {
            violations.append(.init(field: "concurrency", message: "must be a whole number of at least 1"))
            return settings.maxConcurrency
        }
        return Int(min(requested, Int64(settings.maxConcurrency)))
    }

    /// The first ``maximumViolations``, and a last entry saying how many more there were.
    static func capped(_ violations: [FieldViolation]) -> [FieldViolation] {
        guard violations.count > Self.maximumViolations else { return violations }
        let more = violations.count - Self.maximumViolations
        return Array(violations.prefix(Self.maximumViolations)) + [FieldViolation(field: "items", message: "and \(more) more violations")]
    }
}
