/// A method name of the engine protocol. A struct over a string so new methods do not break old peers.
public struct WireMethod: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let analyzeHashtag = WireMethod(rawValue: "analyze.hashtag")
    public static let analyzeAccount = WireMethod(rawValue: "analyze.account")
    public static let analyzeSearch = WireMethod(rawValue: "analyze.search")
    public static let ping = WireMethod(rawValue: "ping")
    public static let stats = WireMethod(rawValue: "stats")
    public static let cancel = WireMethod(rawValue: "cancel")

    /// The analysis kind an `analyze.*` method asks for, or nil for other methods.
    public var analysisKind: AnalysisKind? {
        switch self {
        case .analyzeHashtag: .hashtag
        case .analyzeAccount: .account
        case .analyzeSearch: .search
        default: nil
        }
    }

    public static func analyze(_ kind: AnalysisKind) -> WireMethod {
        switch kind {
        case .hashtag: .analyzeHashtag
        case .account: .analyzeAccount
        case .search: .analyzeSearch
        }
    }

    public var description: String { self.rawValue }
}
