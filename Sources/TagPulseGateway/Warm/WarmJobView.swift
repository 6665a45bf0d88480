/// `GET /v1/admin/warm/{job}`'s answer: the job's status, counts and every item.
public struct WarmJobView: Sendable, Encodable, Hashable {
    public enum Status: String, Sendable, Encodable {
        case queued, running, done
        /// The owning instance stopped heartbeating before finishing the job (another instance resumes it).
        case stalled
        /// Stopped at a client's request (`DELETE /v1/admin/warm/{job}`).
        case cancelled
    }

    public struct Item: Sendable, Encodable, Hashable {
        public var index: Int
        public var kind: String
        public var target: String
        public var status: WarmItemStatus
        public var error: WarmItemError?

        init(index: Int, _ state: WarmItemState) {
            self.index = index
            self.kind = state.kind.rawValue
            self.target = state.target
            self.status = state.status
            self.error = state.error
        }
    }

    public var jobID: String
    public var status: Status
    /// RFC 3339 UTC with milliseconds.
    public var createdAt: String
    public var updatedAt: String
    public var total: Int
    public var warmed: Int
    public var fresh: Int
    public var failed: Int
    /// Items never started because the job was cancelled.
    public var cancelled: Int
    /// True once a client asked the job to stop (it finishes the items in flight first).
    public var cancelRequested: Bool
    public var items: [Item]

    /// Items that will not change any more.
    public var completed: Int { self.warmed + self.fresh + self.failed + self.cancelled }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case status, total, completed, warmed, fresh, failed, cancelled, items
        case cancelRequested = "cancel_requested"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.jobID, forKey: .jobID)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.updatedAt, forKey: .updatedAt)
        try container.encode(self.total, forKey: .total)
        try container.encode(self.completed, forKey: .completed)
        try container.encode(self.warmed, forKey: .warmed)
        try container.encode(self.fresh, forKey: .fresh)
        try container.encode(self.failed, forKey: .failed)
        try container.encode(self.cancelled, forKey: .cancelled)
        try container.encode(self.cancelRequested, forKey: .cancelRequested)
        try container.encode(self.items, forKey: .items)
    }
}

/// `POST /v1/admin/warm`'s answer (202): where to follow the job.
struct WarmJobAccepted: Sendable, Encodable {
    var jobID: String
    var status: WarmJobView.Status
    var total: Int
    var statusURL: String

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case status, total
        case statusURL = "status_url"
    }
}
