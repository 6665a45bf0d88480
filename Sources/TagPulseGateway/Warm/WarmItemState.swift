import TagPulseWire

/// Where one item of a job stands.
public enum WarmItemStatus: String, Sendable, Codable, CaseIterable {
    /// Not started yet.
    case pending
    /// Being looked up or filled.
    case running
    /// Filled by this job: the engine was called and the answer stored.
    case warmed
    /// A fresh entry was already stored (or another request filled it while this item waited): no engine call.
    case fresh
    /// Not warmed; ``WarmItemState/error`` says why.
    case failed
    /// Not started: the job was cancelled first (`DELETE /v1/admin/warm/{job}`).
    case cancelled

    /// True once the item will not change any more.
    public var isFinished: Bool { self == .warmed || self == .fresh || self == .failed || self == .cancelled }
}

/// Why an item failed: the stable code a client would have got for the same analysis request (`TARGET_NOT_FOUND`,
/// `ENGINE_UNAVAILABLE`, `RATE_LIMITED` …) or a warm-up's own (`WARM_INTERRUPTED`, `WARM_NOT_STORED`).
public struct WarmItemError: Sendable, Codable, Hashable {
    public var code: String
    public var detail: String

    public init(code: ProblemCode, detail: String) {
        self.code = code.rawValue
        self.detail = detail
    }

    init(_ problem: APIError) {
        self.init(code: problem.code, detail: problem.detail)
    }

    /// The instance running the job shut down before the item started.
    static let interrupted = WarmItemError(
        code: .warmInterrupted,
        detail: "the gateway instance running the job shut down before this item was warmed; submit it again"
    )

    /// The answer could not be stored (larger than cache.max_entry_bytes, or the cache Redis is short of memory).
    static let notStored = WarmItemError(
        code: .warmNotStored,
        detail: "the analysis ran but its answer was not stored (larger than cache.max_entry_bytes, or the cache Redis is near its memory limit)"
    )
}

/// One item as a job's hash stores it (`item:<index>`, compact JSON) and as `GET /v1/admin/warm/{job}` lists it.
public struct WarmItemState: Sendable, Codable, Hashable {
    public var kind: AnalysisKind
    /// The normalised hashtag, username or query.
    public var target: String
    public var status: WarmItemStatus
    /// Only when ``status`` is ``WarmItemStatus/failed``.
    public var error: WarmItemError?

    public init(kind: AnalysisKind, target: String, status: WarmItemStatus, error: WarmItemError? = nil) {
        self.kind = kind
        self.target = target
        self.status = status
        self.error = error
    }
}
