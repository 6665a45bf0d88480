/// Who a rate-limit policy counts: a client (all of its keys together, so rotation does not double a quota), a
/// client IP (unauthenticated and failed-auth traffic), or the whole fleet (the upstream budget).
public struct RateSubject: Sendable, Hashable, CustomStringConvertible {
    /// The subject inside the key's hash tag: `client:<id>`, `ip:<address>`, `global`.
    public let rawValue: String

    public static func client(_ id: String) -> RateSubject { RateSubject(rawValue: "client:" + id) }
    public static func ip(_ address: String) -> RateSubject { RateSubject(rawValue: "ip:" + address) }
    public static let global = RateSubject(rawValue: "global")

    public var description: String { self.rawValue }
}
