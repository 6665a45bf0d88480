import Foundation
import HTTPTypes
import Hummingbird
import TagPulseAccess

/// `POST /v1/admin/warm` (queue a warm-up job), `GET /v1/admin/warm/{job}` (its progress) and
/// `DELETE /v1/admin/warm/{job}` (cancel it), for keys with the
/// `warm` or `admin` scope. A job runs on the instance that accepted it (``WarmRunner``); its state lives in Redis,
/// so any instance answers the GET. Both calls are charged to the key's `requests` windows like any call; the
/// items are not charged to the key at all, only to the fleet's `upstream` budget.
struct WarmController {
    typealias Context = GatewayRequestContext

    static let path = "/v1/admin/warm"

    /// nil when the cache is off: warm-up then answers 503 `WARM_UNAVAILABLE`.
    let runner: WarmRunner?
    let settings: WarmSettings
    let nowMilliseconds: @Sendable () -> Int64

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("/v1/admin/warm") { request, context in try await self.create(request, context: context) }
        group.get("/v1/admin/warm/{job}") { _, context in try await self.show(context: context) }
        group.delete("/v1/admin/warm/{job}") { _, context in try await self.cancel(context: context) }
    }

    func create(_ request: Request, context: Context) async throws -> Response {
        let body = try await AdminRequestBody.read(request, limit: self.settings.maxBodyBytes, as: JSONValue.self)
        guard case .object(let fields) = body else { throw APIError.invalidJSON("the request body must be a JSON object") }
        let parsed = try WarmRequest.parse(fields: fields, settings: self.settings)
        guard let runner = self.runner else { throw APIError.warmUnavailable("warm-up needs the response cache (cache.enabled)") }
        let job = try await runner.submit(parsed)
        context.logger.info(
            "gateway.warm.job_accepted",
            metadata: ["warm.job": "\(job.id)", "warm.items": "\(job.items.count)", "warm.concurrency": "\(job.concurrency)"]
        )
        let location = Self.path + "/" + job.id.rawValue
        var response = try AdminKeysController.json(
            .accepted,
            WarmJobAccepted(jobID: job.id.rawValue, status: .queued, total: job.items.count, statusURL: location)
        )
        response.headers[.location] = location
        return response
    }

    func show(context: Context) async throws -> Response {
        let (_, _, job) = try await self.job(context)
        return try AdminKeysController.json(.ok, job.view(now: self.nowMilliseconds(), stallAfter: self.settings.stallAfter))
    }

    /// `DELETE /v1/admin/warm/{job}`: asks the job to stop (its owner sees the `cancel` field on its next write and
    /// starts no further item); a stalled job, whose owner is gone, is cancelled here at once. 202 with the job as it
    /// stands; 200 when it had finished already.
    func cancel(context: Context) async throws -> Response {
        let (store, id, job) = try await self.job(context)
        guard !job.phase.isFinished else {
            return try AdminKeysController.json(.ok, job.view(now: self.nowMilliseconds(), stallAfter: self.settings.stallAfter))
        }
        let now = self.nowMilliseconds()
        var fields: [(field: String, value: String)] = [("cancel", String(now)), ("updated_at", String(now))]
        if job.isStalled(now: now, stallAfter: self.settings.stallAfter) {
            for (index, item) in job.items.enumerated() where !item.status.isFinished {
                let cancelled = WarmItemState(kind: item.kind, target: item.target, status: .cancelled)
                fields.append((WarmJobState.itemField(index), WarmJobState.encode(cancelled)))
            }
            fields.append(("status", WarmJobState.Phase.cancelled.rawValue))
        }
        let updated: WarmJobState?
        do {
            guard try await store.update(id, fields) else { throw APIError.warmJobNotFound(id.rawValue) }
            updated = try await store.read(id)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.warmUnavailable("the job's state cannot be written to Redis; retry shortly")
        }
        guard let updated else { throw APIError.warmJobNotFound(id.rawValue) }
        context.logger.info("gateway.warm.cancel_requested", metadata: ["warm.job": "\(id)"])
        return try AdminKeysController.json(.accepted, updated.view(now: now, stallAfter: self.settings.stallAfter))
    }

    /// The job the path names, read from Redis: 404 `WARM_JOB_NOT_FOUND` when unknown, 503 when unreadable.
    private func job(_ context: Context) async throws -> (WarmJobStore, WarmJobID, WarmJobState) {
        let text = context.parameters.get("job") ?? ""
        guard let id = WarmJobID(text) else { throw APIError.warmJobNotFound(text) }
        guard let store = self.runner?.store else { throw APIError.warmUnavailable("warm-up needs the response cache (cache.enabled)") }
        let job: WarmJobState?
        do {
            job = try await store.read(id)
        } catch {
            throw APIError.warmUnavailable("the job's state cannot be read from Redis; retry shortly")
        }
        guard let job else { throw APIError.warmJobNotFound(text) }
        return (store, id, job)
    }
}
