/// What a key may do. `analyze`: the analysis endpoints; `warm`: warm-up jobs and forced refreshes; `admin`: keys
/// and cache purges (and every client's usage); `usage`: its own client's usage (`GET /v1/admin/usage`).
public enum KeyScope: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case analyze, warm, admin, usage

    /// Every scope (the bootstrap key's), built once.
    public static let all = Set(KeyScope.allCases)

    /// Reads `analyze,warm`; nil when a name is unknown or the list is empty.
    public static func set(parsing text: String) -> Set<KeyScope>? {
        var scopes: Set<KeyScope> = []
        for name in text.split(separator: ",") {
            let trimmed = name.filter { !$0.isWhitespace }
            guard !trimmed.isEmpty else { continue }
            guard let scope = KeyScope(rawValue: trimmed.lowercased()) else { return nil }
            scopes.insert(scope)
        }
        return scopes.isEmpty ? nil : scopes
    }

    /// The scope's bit in ``AuthenticatedKey``'s mask.
    var bit: UInt8 {
        switch self {
        case .analyze: 1
        case .warm: 2
        case .admin: 4
        case .usage: 8
        }
    }

    public static func < (lhs: KeyScope, rhs: KeyScope) -> Bool {
        Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
    }
}
