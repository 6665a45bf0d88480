import Foundation
import HTTPTypes
import Hummingbird
import TagPulseAccess

/// `POST /v1/admin/warm` (queue a warm-up job) and `GET /v1/admin/warm/{job}` (its progress), for keys with the
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
        return try AdminKeysController.json(.ok, job.view(now: self.nowMilliseconds(), stallAfter: self.settings.stallAfter))
    }
}
