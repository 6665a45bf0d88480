import TagPulseLocalAnalysis

/// Which comments cleaning drops before analysis, beyond the original's rules (spec §5): each filter is
/// configurable, and every drop is counted by reason in `metadata.comments_dropped`.
public struct CleaningRules: Sendable, Equatable {
    /// "FREE gift card 👉 link in bio", "check my page".
    public var dropSpam: Bool
    /// Comments with no letters or digits at all ("😍😍😍").
    public var dropEmojiOnly: Bool
    /// "first!", "follow me", a lone "❤️ love": reactions with nothing to quote.
    public var dropGenericEngagement: Bool

    public init(dropSpam: Bool = true, dropEmojiOnly: Bool = true, dropGenericEngagement: Bool = true) {
        self.dropSpam = dropSpam
        self.dropEmojiOnly = dropEmojiOnly
        self.dropGenericEngagement = dropGenericEngagement
    }

    var filtersAnything: Bool { self.dropSpam || self.dropEmojiOnly || self.dropGenericEngagement }

    /// Why `text` (already cleaned) is dropped, or nil to keep it. Spam and engagement are recognised by the
    /// local analyzer's own cue lists, so cleaning and analysis agree on what they are: `read` reads the text (once)
    /// when the theme is needed, and the reading is passed on with the comment.
    func dropReason(for text: String, read: () -> CommentReading) -> String? {
        guard self.filtersAnything else { return nil }
        let hasWords = text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        if !hasWords { return self.dropEmojiOnly ? "emoji_only" : nil }
        guard self.dropSpam || self.dropGenericEngagement else { return nil }
        switch read().classification.theme {
        case "spam" where self.dropSpam: return "spam"
        case "general engagement" where self.dropGenericEngagement: return "generic_engagement"
        default: return nil
        }
    }
}
