import Foundation
import TagPulseWire

/// Reads the cache-friendly GET form, `GET /v1/hashtags/{tag}/analysis?max_posts=&max_comments_per_post=&
/// max_quote_length=&prompt=&model=`, into the same ``AnalysisParams`` the POST body gives.
///
/// The parameters go through ``AnalysisRequestParser/parse(fields:kind:)`` as JSON strings, so every rule,
/// default and message is the POST body's: `max_posts=20` is read like `"max_posts":"20"`, an empty `model=` like
/// `"model":""` (the default model). What the GET form adds:
///
/// - the path segment and the query are percent-decoded here (Hummingbird hands both over raw); in the query `+`
///   is a space, as in HTML forms; bytes that do not decode to UTF-8 are a violation of that parameter;
/// - a parameter given twice is a violation (`must be given once`), rather than one value silently winning;
/// - violations name the parameter the client sent: `prompt` (the body's `ai_analysis_prompt`) and `tag` (the path
///   segment, the body's `hashtag`); the messages are the body's;
/// - unknown parameters are ignored, as unknown body fields are.
enum HashtagAnalysisQuery {
    /// Query parameter → the body field it stands for.
    static let bodyFields: [String: String] = [
        "max_posts": "max_posts",
        "max_comments_per_post": "max_comments_per_post",
        "max_quote_length": "max_quote_length",
        "prompt": "ai_analysis_prompt",
        "model": "model",
    ]
    /// The path parameter's name, as the route spells it.
    static let tagParameter = "tag"

    /// The params for a GET request.
    /// - Parameters:
    ///   - rawTag: the `{tag}` path segment, still percent-encoded (`%23SkinCare` for `#SkinCare`).
    ///   - query: the URI's query without the `?`, still percent-encoded; nil when the URI has none.
    static func parse(tag rawTag: String, query: String?) throws(APIError) -> AnalysisParams {
        var fields: [String: JSONValue] = [:]
        var violations: [FieldViolation] = []
        if let tag = Self.percentDecode(rawTag[...], plusIsSpace: false) {
            fields[AnalysisKind.hashtag.fieldName] = .string(tag)
        } else {
            violations.append(Self.undecodable(Self.tagParameter))
        }
        var seen: Set<String> = []
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.formDecode(parts[0]), let bodyField = Self.bodyFields[name] else { continue }
            guard seen.insert(name).inserted else {
                violations.append(FieldViolation(field: name, message: "must be given once"))
                continue
            }
            guard let value = Self.formDecode(parts.count > 1 ? parts[1] : "") else {
                violations.append(Self.undecodable(name))
                continue
            }
            fields[bodyField] = .string(value)
        }

        let parsed = Result { () throws(APIError) in try AnalysisRequestParser.parse(fields: fields, kind: .hashtag) }
        switch parsed {
        case .success(let params) where violations.isEmpty:
            return params
        case .success:
            throw .validationFailed(violations)
        case .failure(let error) where !error.violations.isEmpty:
            // A parameter that did not decode was left out, so the body rules may add "is required" for it: keep ours.
            let reported = Set(violations.map(\.field))
            let renamed = error.violations.map(Self.queryViolation).filter { !reported.contains($0.field) }
            throw .validationFailed(violations + renamed)
        case .failure(let error):
            throw error
        }
    }

    /// A body-field violation under the name the GET form uses.
    static func queryViolation(_ violation: FieldViolation) -> FieldViolation {
        switch violation.field {
        case "ai_analysis_prompt": FieldViolation(field: "prompt", message: violation.message)
        case AnalysisKind.hashtag.fieldName: FieldViolation(field: Self.tagParameter, message: violation.message)
        default: violation
        }
    }

    /// `application/x-www-form-urlencoded` decoding of one name or value: `+` is a space, `%XX` a byte; nil
    /// when an escape is malformed or the bytes are not UTF-8.
    static func formDecode(_ text: Substring) -> String? {
        Self.percentDecode(text, plusIsSpace: true)
    }

    /// `%XX` escapes decoded to bytes (and `+` to a space when `plusIsSpace`); nil when an escape is malformed or
    /// the bytes are not UTF-8.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var index = text.utf8.startIndex
        let end = text.utf8.endIndex
        while index < end {
            let byte = text.utf8[index]
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = text.utf8.index(after: index)
                guard high < end, text.utf8.index(after: high) < end, let h = Self.hexValue(text.utf8[high]),
                    let l = Self.hexValue(text.utf8[text.utf8.index(after: high)])
                else { return nil }
                bytes.append(h << 4 | l)
                index = text.utf8.index(after: high)
            default:
                bytes.append(byte)
            }
            index = text.utf8.index(after: index)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func undecodable(_ field: String) -> FieldViolation {
        FieldViolation(field: field, message: "is not valid percent-encoded UTF-8")
    }
}
