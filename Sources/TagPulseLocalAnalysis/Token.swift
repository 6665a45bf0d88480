/// One unit of a tokenised text.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Letters, digits and inner apostrophes (hashtag words included).
        case word
        /// One emoji (modifiers, variation selectors and joiners are dropped).
        case emoji
        /// An ASCII emoticon such as ":)" or "<3".
        case emoticon
        /// "!" or "?".
        case punctuation
    }

    var kind: Kind
    /// Lower-cased, diacritics folded, letter runs of 3+ collapsed to 2 ("sooo" -> "soo").
    var key: String
    /// For elongated words, the form with runs collapsed to 1 ("soo" -> "so"); otherwise equal to `key`.
    var squeezed: String
    /// Lower-cased with diacritics kept (only filled when the tokenizer is asked for it; else equal to `key`).
    var surface: String
    /// Two or more letters, all upper case.
    var isAllCaps: Bool
    /// Had a letter repeated three or more times.
    var isElongated: Bool

    var isWord: Bool { kind == .word }

    /// Whether either normalised form equals `string`.
    @inline(__always)
    func matches(_ string: String) -> Bool {
        key == string || squeezed == string
    }
}
