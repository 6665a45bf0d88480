/// Evaluates a request's `If-None-Match` against the stored response's ETag (RFC 9110 §13.1.2).
///
/// The condition is false, and the answer is `304 Not Modified`, when the field is `*` or lists an entity-tag
/// that matches by **weak comparison**: the opaque tags are equal character for character, whether either side
/// carries `W/` or not (RFC 9110 §8.8.3.2). Entity-tags may contain commas, so the list is read tag by tag rather
/// than split on commas. An element that is not an entity-tag (an unquoted value, a stray word) matches nothing.
///
/// Evaluate it only when the response would otherwise be a 2xx (RFC 9110 §13.2.1): never for a stored 404.
///
/// ```swift
/// IfNoneMatch.matches(#"W/"abc", "def""#, etag: #""abc""#)  // true
/// IfNoneMatch.matches("*", etag: #""abc""#)                 // true
/// IfNoneMatch.matches("abc", etag: #""abc""#)               // false: not an entity-tag
/// ```
public enum IfNoneMatch {
    /// True when `fieldValue` (field lines joined with `", "`) matches `etag` (`"…"` or `W/"…"`).
    public static func matches(_ fieldValue: String, etag: String) -> Bool {
        guard let wanted = Self.opaqueTag(of: etag) else { return false }
        var scanner = Scanner(Array(fieldValue.utf8))
        while !scanner.isAtEnd {
            scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ",") }
            guard !scanner.isAtEnd else { break }
            if scanner.peek() == UInt8(ascii: "*") {
                scanner.advance()
                if scanner.isAtElementEnd { return true }
            } else if let tag = scanner.readEntityTag(), scanner.isAtElementEnd {
                if tag == wanted { return true }
                continue
            }
            scanner.skip { $0 != UInt8(ascii: ",") }  // not an entity-tag: drop the rest of the element
        }
        return false
    }

    /// The opaque tag (quotes included) of an entity-tag, nil when `etag` is not one.
    static func opaqueTag(of etag: String) -> ArraySlice<UInt8>? {
        var scanner = Scanner(Array(etag.utf8))
        guard let tag = scanner.readEntityTag(), scanner.isAtEnd else { return nil }
        return tag
    }

    /// Reads entity-tags byte by byte (`[W/] DQUOTE *etagc DQUOTE`, `etagc` being any visible byte but `"`).
    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { self.index >= self.bytes.count }

        /// At the end, or only spaces before the next comma.
        var isAtElementEnd: Bool {
            var probe = self.index
            while probe < self.bytes.count, self.bytes[probe] == UInt8(ascii: " ") || self.bytes[probe] == UInt8(ascii: "\t") {
                probe += 1
            }
            return probe >= self.bytes.count || self.bytes[probe] == UInt8(ascii: ",")
        }

        func peek() -> UInt8? { self.isAtEnd ? nil : self.bytes[self.index] }

        mutating func advance() { self.index += 1 }

        mutating func skip(while predicate: (UInt8) -> Bool) {
            while let byte = self.peek(), predicate(byte) { self.index += 1 }
        }

        /// The opaque tag, quotes included; the weak prefix is consumed but not part of it.
        mutating func readEntityTag() -> ArraySlice<UInt8>? {
            let start = self.index
            if self.bytes[self.index...].starts(with: [UInt8(ascii: "W"), UInt8(ascii: "/")]) { self.index += 2 }
            guard self.peek() == UInt8(ascii: "\"") else {
                self.index = start
                return nil
            }
            let opening = self.index
            self.index += 1
            while let byte = self.peek(), byte != UInt8(ascii: "\"") {
                guard byte == 0x21 || byte >= 0x23 && byte != 0x7F else {
                    self.index = start
                    return nil
                }
                self.index += 1
            }
            guard self.peek() == UInt8(ascii: "\"") else {
                self.index = start
                return nil
            }
            self.index += 1
            return self.bytes[opening..<self.index]
        }
    }
}
