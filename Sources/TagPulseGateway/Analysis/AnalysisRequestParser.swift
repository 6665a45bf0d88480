import Foundation
import NIOCore
import NIOFoundationCompat
import TagPulseWire

/// Reads an analysis request body into ``AnalysisParams``, collecting every field violation at once.
///
/// Compatible with the original (spec §2.4–2.5): unknown fields are ignored; integers are lax (`20`, `20.0` and
/// `"20"` are accepted, `20.5` and `true` are not); lengths count code points. Unlike the original, an invalid
/// hashtag or username is a 422 with the field named, not a 500.
enum AnalysisRequestParser {
    static func parse(_ body: ByteBuffer, kind: AnalysisKind) throws(APIError) -> AnalysisParams {
        guard body.readableBytes > 0 else { throw .invalidJSON("the request body is empty") }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw .invalidJSON("the request body is not valid JSON")
        }
        guard case .object(let fields) = value else { throw .invalidJSON("the request body must be a JSON object") }
        return try Self.parse(fields: fields, kind: kind)
    }

    /// The field rules on a decoded body; `HashtagAnalysisQuery` sends the GET form's parameters through here too.
    static func parse(fields: [String: JSONValue], kind: AnalysisKind) throws(APIError) -> AnalysisParams {
        var violations: [FieldViolation] = []
        let target = Self.target(in: fields, kind: kind, violations: &violations)
        let limits = AnalysisLimits(kind: kind)
        let maxPosts = Self.integer(fields, "max_posts", default: AnalysisLimits.defaultMaxPosts, range: limits.maxPosts, &violations)
        let maxComments = Self.integer(
            fields,
            "max_comments_per_post",
            default: AnalysisLimits.defaultMaxCommentsPerPost,
            range: AnalysisLimits.maxCommentsPerPost,
            &violations
        )
        let maxQuote = Self.integer(
            fields,
            "max_quote_length",
            default: AnalysisLimits.defaultMaxQuoteLength,
            range: AnalysisLimits.maxQuoteLength,
            &violations
        )
        let prompt = Self.string(
            fields,
            "ai_analysis_prompt",
            default: kind == .hashtag ? nil : AnalysisLimits.defaultAccountPrompt,
            length: AnalysisLimits.promptLength,
            &violations
        )
        let model = Self.string(fields, "model", default: "", length: 0...100, &violations)
        guard violations.isEmpty, let target, let prompt else { throw .validationFailed(violations) }
        return AnalysisParams(
            target: target,
            maxPosts: maxPosts,
            maxCommentsPerPost: maxComments,
            prompt: prompt,
            model: model?.isEmpty == false ? model : nil,
            maxQuoteLength: maxQuote
        )
    }

    /// The normalised target; the legacy search body's `search_terms` (one term) is accepted for `query`.
    private static func target(in fields: [String: JSONValue], kind: AnalysisKind, violations: inout [FieldViolation]) -> String? {
        var raw = fields[kind.fieldName]
        if kind == .search, raw == nil, case .array(let terms)? = fields["search_terms"] {
            guard terms.count == 1 else {
                violations.append(.init(field: "search_terms", message: "must hold exactly one term; send one request per term"))
                return nil
            }
            raw = terms[0]
        }
        guard let raw else {
            violations.append(.init(field: kind.fieldName, message: "is required"))
            return nil
        }
        guard case .string(let text) = raw else {
            violations.append(.init(field: kind.fieldName, message: "must be a string, not \(raw.typeName)"))
            return nil
        }
        do {
            return try TargetNormalizer.normalize(text, kind: kind)
        } catch {
            violations.append(error)
            return nil
        }
    }

    private static func integer(
        _ fields: [String: JSONValue],
        _ name: String,
        default defaultValue: Int,
        range: ClosedRange<Int>,
        _ violations: inout [FieldViolation]
    ) -> Int {
        let rule = "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
        let value: Int64?
        switch fields[name] {
        case nil, .null?: return defaultValue
        case .integer(let integer)?: value = integer
        case .number(let number)?: value = number.isFinite && number == number.rounded() && abs(number) < 1e15 ? Int64(number) : nil
        case .string(let text)?: value = Int64(text.trimmingCharacters(in: .whitespaces))
        default: value = nil
        }
        guard let value, let int = Int(exactly: value), range.contains(int) else {
            violations.append(.init(field: name, message: rule))
            return defaultValue
        }
        return int
    }

    private static func string(
        _ fields: [String: JSONValue],
        _ name: String,
        default defaultValue: String?,
        length: ClosedRange<Int>,
        _ violations: inout [FieldViolation]
    ) -> String? {
        switch fields[name] {
        case nil, .null?:
            if defaultValue == nil { violations.append(.init(field: name, message: "is required")) }
            return defaultValue
        case .string(let text)?:
            guard length.contains(text.unicodeScalars.count) else {
                violations.append(.init(field: name, message: "must be \(length.lowerBound) to \(length.upperBound) characters"))
                return defaultValue
            }
            return text
        case let other?:
            violations.append(.init(field: name, message: "must be a string, not \(other.typeName)"))
            return defaultValue
        }
    }
}
