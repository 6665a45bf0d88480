import Hummingbird
import TagPulseAccess

/// `GET /v1/admin/usage`: usage per client from Redis (what every instance has flushed), as a ``UsageReport``. For
/// keys with the `admin` scope (any client) or the `usage` scope (its own client only: 403 `USAGE_FORBIDDEN` for
/// another). Figures reach Redis within `usage.flush_interval_ms` of being counted.
struct UsageController {
    typealias Context = GatewayRequestContext

    static let path = "/v1/admin/usage"

    /// nil: no Redis behind this router (tests): 503 `USAGE_UNAVAILABLE`.
    let store: UsageStore?
    let nowMilliseconds: @Sendable () -> Int64

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(RouterPath(Self.path)) { request, context in try await self.show(request, context: context) }
    }

    func show(_ request: Request, context: Context) async throws -> Response {
        guard let caller = context.key else { throw APIError.unauthorized }
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            guard parameters[name] == nil else { throw APIError.usageInvalidParameter(name, "must be given once") }
            parameters[name] = String(value)
        }
        let query = try UsageQuery.parse(parameters, caller: caller, today: UsageDay(unixMilliseconds: self.nowMilliseconds()))
        guard let store = self.store else { throw APIError.usageUnavailable("usage needs the control Redis") }
        let rows: [UsageRow]
        do {
            rows = try await store.read(client: query.client, from: query.from, to: query.to)
        } catch {
            throw APIError.usageUnavailable("usage cannot be read from Redis now; retry shortly")
        }
        return try AdminKeysController.json(
            .ok,
            UsageReport(rows: rows, from: query.from, to: query.to, group: query.group, client: query.client)
        )
    }
}
