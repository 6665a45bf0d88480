import Foundation
import TagPulseAccess
import TagPulseWire

/// What `tagpulse keys` prints: the admin API's JSON (``KeyView``) with `--json`, otherwise text for people.
enum KeyOutput {
    /// The admin API's encoding: sorted keys, one line.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A new key (create or rotate): the whole key once, then the record.
    static func created(key: APIKey, record: KeyRecord, now: Int64) -> String {
        """
        \(key.text)

        This is the only time the key is shown: store it now. TagPulse keeps only its SHA-256 digest.

        \(Self.details(record, now: now))
        """
    }

    /// A rotation: the new key, and when the old one stops working.
    static func rotated(key: APIKey, record: KeyRecord, previous: KeyRecord, now: Int64) -> String {
        let end = previous.notAfterMilliseconds ?? now
        let ending =
            end <= now
            ? "The old key \(previous.id) stopped working now."
            : "The old key \(previous.id) keeps working until \(Self.time(end)) (in \(KeyDuration.text(Int((end - now + 999) / 1000)))), then stops."
        return Self.created(key: key, record: record, now: now) + "\n\n" + ending
    }

    /// A revocation.
    static func revoked(_ record: KeyRecord, now: Int64, already: Bool) -> String {
        let headline =
            already
            ? "Key \(record.id) was already revoked."
            : "Revoked key \(record.id): every gateway refuses it within a second."
        return headline + "\n\n" + Self.details(record, now: now)
    }

    /// `name: value` lines of a record (never its digest).
    static func details(_ record: KeyRecord, now: Int64) -> String {
        let view = KeyView(record, secret: nil, now: now)
        var lines: [(String, String)] = [
            ("id", view.id), ("name", KeyTable.printable(view.name)), ("client", view.client), ("tier", view.tier),
            ("scopes", view.scopes.joined(separator: ",")), ("status", view.status), ("created", Self.time(record.createdMilliseconds)),
            ("not after", record.notAfterMilliseconds.map(Self.time) ?? "never"),
        ]
        if let revoked = record.revokedMilliseconds { lines.append(("revoked", Self.time(revoked))) }
        lines.append(("last used", record.lastUsedMilliseconds.map(Self.time) ?? "never"))
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { label, value in label + ":" + String(repeating: " ", count: width - label.count + 1) + value }.joined(separator: "\n")
    }

    /// RFC 3339 UTC to the second: `2026-03-01T12:00:00Z`.
    static func time(_ milliseconds: Int64) -> String {
        RFC3339.string(fromUnixSeconds: milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
    }
}
