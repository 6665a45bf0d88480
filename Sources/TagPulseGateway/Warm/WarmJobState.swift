import Foundation
import TagPulseWire

/// A warm-up job as stored in Redis: the hash `<prefix>warm:<job>`, one field per value, so that each change is a
/// small `HSET` and any instance can read the whole job with one `HGETALL`.
///
/// | field | value |
/// |---|---|
/// | `v` | format version, `1` |
/// | `status` | `queued`, `running`, `done` or `cancelled` (`stalled` is never stored: readers derive it from `heartbeat_at`) |
/// | `cancel` | present once `DELETE /v1/admin/warm/{job}` asked the job to stop (ms since the Unix epoch) |
/// | `owner` | the instance running the job (`instance.id`) |
/// | `created_at`, `updated_at`, `heartbeat_at` | ms since the Unix epoch |
/// | `total`, `concurrency` | item count; items in flight at once |
/// | `item:<index>` | ``WarmItemState`` as compact JSON (`{"kind":"hashtag","status":"pending","target":"skincare"}`) |
/// | `request:<index>` | the ``WarmItem`` (kind and analysis parameters) as compact JSON, to resume the job elsewhere |
/// | `resumed` | how many times another instance took the job over (absent: never) |
public struct WarmJobState: Sendable, Hashable {
    /// What the owner last wrote; ``WarmJobView/status`` adds `stalled`.
    public enum Phase: String, Sendable {
        case queued, running, done
        /// Stopped at a client's request: items not started are `cancelled`.
        case cancelled

        /// True once the job will not change any more.
        public var isFinished: Bool { self == .done || self == .cancelled }
    }

    static let formatVersion = "1"

    public var id: WarmJobID
    public var phase: Phase
    public var owner: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var heartbeatAt: Int64
    public var concurrency: Int
    public var items: [WarmItemState]
    /// When a client asked the job to stop (ms since the epoch), if it did.
    public var cancelRequestedAt: Int64? = nil
    /// What each item asks for (nil for a job stored without them: it cannot be resumed elsewhere).
    public var requests: [WarmItem]? = nil

    public init(
        id: WarmJobID,
        phase: Phase,
        owner: String,
        createdAt: Int64,
        updatedAt: Int64,
        heartbeatAt: Int64,
        concurrency: Int,
        items: [WarmItemState]
    ) {
        self.id = id
        self.phase = phase
        self.owner = owner
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.heartbeatAt = heartbeatAt
        self.concurrency = concurrency
        self.items = items
    }

    /// The hash field of item `index`.
    static func itemField(_ index: Int) -> String { "item:\(index)" }

    /// The hash field of item `index`'s request.
    static func requestField(_ index: Int) -> String { "request:\(index)" }

    /// Every field, for creating the hash.
    var fields: [(field: String, value: String)] {
        var fields: [(field: String, value: String)] = [
            ("v", Self.formatVersion),
            ("status", self.phase.rawValue),
            ("owner", self.owner),
            ("created_at", String(self.createdAt)),
            ("updated_at", String(self.updatedAt)),
            ("heartbeat_at", String(self.heartbeatAt)),
            ("total", String(self.items.count)),
            ("concurrency", String(self.concurrency)),
        ]
        fields.reserveCapacity(fields.count + self.items.count)
        for (index, item) in self.items.enumerated() { fields.append((Self.itemField(index), Self.encode(item))) }
        for (index, request) in (self.requests ?? []).enumerated() { fields.append((Self.requestField(index), Self.encode(request))) }
        return fields
    }

    /// An item's (or a request's) stored form: compact JSON with sorted keys.
    static func encode(_ item: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(item)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Reads the hash of job `id` (`HGETALL` as field → value); nil when it is absent or not a job this version
    /// wrote (every item must be there and readable).
    init?(id: WarmJobID, hash: [String: String]) {
        guard hash["v"] == Self.formatVersion, let phase = hash["status"].flatMap(Phase.init(rawValue:)), let owner = hash["owner"],
            let createdAt = hash["created_at"].flatMap({ Int64($0) }), let updatedAt = hash["updated_at"].flatMap({ Int64($0) }),
            let heartbeatAt = hash["heartbeat_at"].flatMap({ Int64($0) }), let total = hash["total"].flatMap({ Int($0) }), total >= 0,
            let concurrency = hash["concurrency"].flatMap({ Int($0) })
        else { return nil }
        let decoder = JSONDecoder()
        var items: [WarmItemState] = []
        items.reserveCapacity(total)
        for index in 0..<total {
            guard let text = hash[Self.itemField(index)], let item = try? decoder.decode(WarmItemState.self, from: Data(text.utf8)) else {
                return nil
            }
            items.append(item)
        }
        self.init(
            id: id,
            phase: phase,
            owner: owner,
            createdAt: createdAt,
            updatedAt: updatedAt,
            heartbeatAt: heartbeatAt,
            concurrency: concurrency,
            items: items
        )
        self.cancelRequestedAt = hash["cancel"].flatMap { Int64($0) }
        let requests = (0..<total).compactMap { index in
            hash[Self.requestField(index)].flatMap { try? decoder.decode(WarmItem.self, from: Data($0.utf8)) }
        }
        self.requests = requests.count == total ? requests : nil
    }

    /// True when the owner's heartbeat is older than `stallAfter` at `now` and the job is not finished.
    public func isStalled(now: Int64, stallAfter: Duration) -> Bool {
        !self.phase.isFinished && now - self.heartbeatAt > stallAfter.milliseconds
    }

    /// What a reader reports at `now`: `stalled` when unfinished and the owner's heartbeat is older than `stallAfter`.
    public func view(now: Int64, stallAfter: Duration) -> WarmJobView {
        let status: WarmJobView.Status =
            if self.isStalled(now: now, stallAfter: stallAfter) {
                .stalled
            } else {
                switch self.phase {
                case .queued: .queued
                case .running: .running
                case .done: .done
                case .cancelled: .cancelled
                }
            }
        return WarmJobView(
            jobID: self.id.rawValue,
            status: status,
            createdAt: RFC3339.string(fromUnixMilliseconds: self.createdAt),
            updatedAt: RFC3339.string(fromUnixMilliseconds: self.updatedAt),
            total: self.items.count,
            warmed: self.items.count { $0.status == .warmed },
            fresh: self.items.count { $0.status == .fresh },
            failed: self.items.count { $0.status == .failed },
            cancelled: self.items.count { $0.status == .cancelled },
            cancelRequested: self.cancelRequestedAt != nil,
            items: self.items.enumerated().map { WarmJobView.Item(index: $0.offset, $0.element) }
        )
    }
}
