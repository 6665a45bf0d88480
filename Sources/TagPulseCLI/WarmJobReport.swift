/// A gateway's answers about a warm-up job, as `tagpulse warm` reads them.
struct WarmJobReport: Decodable, Equatable, Sendable {
    struct Item: Decodable, Equatable, Sendable {
        struct Failure: Decodable, Equatable, Sendable {
            var code: String
            var detail: String
        }

        var index: Int
        var kind: String
        var target: String
        /// `pending`, `running`, `warmed`, `fresh`, `failed` or `cancelled`.
        var status: String
        var error: Failure?

        var isFinished: Bool { ["warmed", "fresh", "failed", "cancelled"].contains(self.status) }
    }

    var jobID: String
    /// `queued`, `running`, `done`, `cancelled` or `stalled`.
    var status: String
    var total: Int
    var completed: Int
    var warmed: Int
    var fresh: Int
    var failed: Int
    /// Items never started because the job was cancelled (absent from older gateways).
    var cancelled: Int? = nil
    var items: [Item]

    /// The job will not change any more (`stalled`: its instance stopped before finishing it; another instance
    /// may resume it, which `--attach` follows).
    var isOver: Bool { ["done", "cancelled", "stalled"].contains(self.status) }

    /// The first item being warmed, if any.
    var current: Item? { self.items.first { $0.status == "running" } }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case status, total, completed, warmed, fresh, failed, cancelled, items
    }
}

/// `POST /v1/admin/warm`'s 202 answer.
struct WarmJobAccepted: Decodable, Equatable, Sendable {
    var jobID: String
    var total: Int
    var statusURL: String

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case total
        case statusURL = "status_url"
    }
}

/// An RFC 9457 problem from the gateway (the fields `tagpulse warm` reports).
struct GatewayProblem: Decodable, Equatable, Sendable {
    struct Violation: Decodable, Equatable, Sendable {
        var field: String
        var message: String
    }

    var code: String?
    var detail: String?
    var errors: [Violation]?

    /// `CODE: detail`, or what there is of it.
    var summary: String {
        [self.code, self.detail].compactMap { $0 }.joined(separator: ": ")
    }
}
