extension APIError {
    /// 404: no job has this id (never had, or it expired `warm.job_ttl_s` after its last change).
    static func warmJobNotFound(_ id: String) -> APIError {
        APIError(
            status: .notFound,
            code: .warmJobNotFound,
            title: "No such warm-up job",
            detail: "no warm-up job has the id '\(id.prefix(40))' (jobs are kept warm.job_ttl_s after their last change)"
        )
    }

    /// 503: warm-up needs the cache and its Redis, and this instance has neither right now (or is shutting down).
    static func warmUnavailable(_ detail: String) -> APIError {
        APIError(status: .serviceUnavailable, code: .warmUnavailable, title: "Warm-up unavailable", detail: detail, retryAfterSeconds: 1)
    }

    /// 503: this instance already holds as many jobs as it may (`warm.max_running_jobs` + `warm.max_queued_jobs`).
    static let warmQueueFull = APIError(
        status: .serviceUnavailable,
        code: .warmQueueFull,
        title: "Too many warm-up jobs",
        detail: "this gateway instance holds as many warm-up jobs as it may (warm.max_running_jobs + warm.max_queued_jobs); retry later",
        retryAfterSeconds: 30
    )
}
