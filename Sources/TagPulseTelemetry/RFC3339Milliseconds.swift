import TagPulseWire

/// Log timestamps use the same RFC 3339 UTC format as API responses.
enum RFC3339Milliseconds {
    static func string(_ milliseconds: Int64) -> String {
        RFC3339.string(fromUnixMilliseconds: milliseconds)
    }
}
