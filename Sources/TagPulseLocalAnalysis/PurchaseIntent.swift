/// How strongly a text signals that its author bought, or wants to buy, the product.
public enum PurchaseIntent: String, Sendable, CaseIterable, Codable {
    /// The author has bought, ordered or is buying ("just ordered", "take my money").
    case high
    /// The author wants it or asks how to get it ("need this", "where can I buy", "how much").
    case medium
    /// A vague or conditional interest ("maybe", "on my wishlist", "if it goes on sale").
    case low
    /// No purchase signal, or a negated one ("would never buy").
    case none
}
