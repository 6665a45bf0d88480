import Foundation

/// Turns what a client typed into the canonical target the engine collects for and the cache keys on.
///
/// - hashtag: trimmed, every leading `#` stripped, NFC, lower-cased; the rest, `_` aside, must be Unicode
///   letters and digits (the original's `isalnum` rule), so `bad tag!`, `a-b` and emoji are refused.
/// - account: trimmed, leading `@` stripped, lower-cased; `_` and `.` aside, letters and digits only.
/// - search: trimmed, whitespace runs collapsed to one space, lower-cased; no control characters; not blank, `.`
///   or `..` (dot segments that would change the upstream path).
///
/// Raw lengths are checked in code points before trimming, as the original did.
public enum TargetNormalizer {
    public static func normalize(_ raw: String, kind: AnalysisKind) throws(FieldViolation) -> String {
        let limits = AnalysisLimits(kind: kind)
        let field = kind.fieldName
        let rawLength = raw.unicodeScalars.count
        guard limits.targetLength.contains(rawLength) else {
            throw FieldViolation(
                field: field,
                message: "must be \(limits.targetLength.lowerBound) to \(limits.targetLength.upperBound) characters"
            )
        }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        switch kind {
        case .hashtag:
            let tag = String(trimmed.drop(while: { $0 == "#" }))
            guard Self.isWordLike(tag, allowing: ["_"]) else {
                throw FieldViolation(field: field, message: "must contain only letters, digits and underscores after the leading #")
            }
            return tag.lowercased()
        case .account:
            let name = String(trimmed.drop(while: { $0 == "@" }))
            guard Self.isWordLike(name, allowing: ["_", "."]) else {
                throw FieldViolation(field: field, message: "must contain only letters, digits, underscores and dots after the leading @")
            }
            return name.lowercased()
        case .search:
            let words = trimmed.split(whereSeparator: { $0.isWhitespace })
            let query = words.joined(separator: " ")
            guard !query.isEmpty else { throw FieldViolation(field: field, message: "must not be blank") }
            // A dot segment would change the upstream path it is placed in (`/search/video/..` is `/search/`).
            guard query != ".", query != ".." else { throw FieldViolation(field: field, message: "must not be \".\" or \"..\"") }
            guard !query.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw FieldViolation(field: field, message: "must not contain control characters")
            }
            return query.lowercased()
        }
    }

    /// True when `text`, without the `allowing` scalars, is non-empty and only letters and digits.
    static func isWordLike(_ text: String, allowing extra: Set<Unicode.Scalar>) -> Bool {
        var sawWordScalar = false
        for scalar in text.unicodeScalars {
            if extra.contains(scalar) { continue }
            guard Self.isLetterOrDigit(scalar) else { return false }
            sawWordScalar = true
        }
        return sawWordScalar
    }

    /// Python's `str.isalnum` per code point: letters (L*) and numbers (Nd, Nl, No), and combining marks that
    /// belong to letters in many scripts (Mn, Mc) so Devanagari or Thai hashtags pass.
    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark:
            true
        default:
            false
        }
    }
}
