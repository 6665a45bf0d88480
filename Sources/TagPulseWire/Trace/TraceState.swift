/// W3C Trace Context `tracestate` (Level 1, section 3.3): the vendors' list of `key=value` members that travels with
/// `traceparent`. TagPulse adds no member of its own; it passes the list on (to the engine, to the upstreams, back
/// on the response) after the recommendation's rules:
/// - members are separated by `,` with optional spaces or tabs around them; empty members are ignored;
/// - a member whose key or value breaks the grammar is dropped (keys: `lcalpha 0*255(lcalpha / DIGIT / _ - * /)`
///   or `tenant@system` with a tenant of at most 241 and a system of at most 14 characters; values: 1 to 256
///   printable ASCII characters other than `,` and `=`, not ending in a space), and so is a repeated key (the
///   leftmost, most recent, is kept);
/// - at most 32 members are kept (the leftmost);
/// - at most 512 characters are passed on: members longer than 128 characters go first, then members from the
///   right, until the list fits.
public enum TraceState {
    public static let maxMembers = 32
    public static let maxLength = 512
    static let longMember = 128

    /// The list to pass on, or nil when nothing valid is left.
    public static func sanitized(_ header: String?) -> String? {
        guard let header, !header.isEmpty else { return nil }
        var members: [Substring] = []
        var keys: Set<Substring> = []
        for raw in header.split(separator: ",", omittingEmptySubsequences: false) {
            let member = Self.trimmed(raw)
            guard !member.isEmpty else { continue }
            guard let equals = member.firstIndex(of: "="),
                Self.isValidKey(member[..<equals]),
                Self.isValidValue(member[member.index(after: equals)...]),
                keys.insert(member[..<equals]).inserted
            else { continue }
            members.append(member)
            if members.count == Self.maxMembers { break }
        }
        func length(_ list: [Substring]) -> Int { list.reduce(0) { $0 + $1.utf8.count } + max(0, list.count - 1) }
        if length(members) > Self.maxLength { members.removeAll { $0.utf8.count > Self.longMember } }
        while length(members) > Self.maxLength { members.removeLast() }
        return members.isEmpty ? nil : members.joined(separator: ",")
    }

    /// Without the optional white space (spaces, tabs) around it.
    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }

    static func isValidKey(_ key: Substring) -> Bool {
        let parts = key.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 1 {
            return Self.isKeyPart(key, maxLength: 256, firstMayBeDigit: false)
        }
        return Self.isKeyPart(parts[0], maxLength: 241, firstMayBeDigit: true)
            && Self.isKeyPart(parts[1], maxLength: 14, firstMayBeDigit: false)
    }

    /// `lcalpha` (or a digit, for a tenant id) then lower-case letters, digits, `_`, `-`, `*` and `/`.
    static func isKeyPart(_ part: Substring, maxLength: Int, firstMayBeDigit: Bool) -> Bool {
        let bytes = part.utf8
        guard let first = bytes.first, bytes.count <= maxLength else { return false }
        guard Self.isLowerAlpha(first) || (firstMayBeDigit && Self.isDigit(first)) else { return false }
        return bytes.allSatisfy { byte in
            Self.isLowerAlpha(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "/")
        }
    }

    /// 1 to 256 characters of 0x20–0x7E except `,` and `=`, the last not a space.
    static func isValidValue(_ value: Substring) -> Bool {
        let bytes = value.utf8
        guard let last = bytes.last, bytes.count <= 256, last != UInt8(ascii: " ") else { return false }
        return bytes.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "=") }
    }

    static func isLowerAlpha(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
