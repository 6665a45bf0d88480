import Foundation
import Hummingbird
import TagPulseCache
import TagPulseWire

/// `POST /v1/admin/cache/purge` (admin scope): by cache key, hashtag, account, query or tag; hard (gone) or soft
/// (`"soft": true`: stale at once, so stale-while-revalidate and stale-if-error still shield the engine while a
/// refresh replaces it). Marks live in Redis, so every instance sees a purge on its next lookup.
///
/// Body: `{"hashtag": "skincare"}`, `{"account": "chefmarco", "soft": true}`, `{"query": "air fryer"}`,
/// `{"tag": "hashtag:skincare"}` or `{"key": "<64 hex>"}`; exactly one selector.
struct AdminCacheController {
    typealias Context = GatewayRequestContext

    struct PurgeRequest: Decodable {
        var key: String?
        var hashtag: String?
        var account: String?
        var query: String?
        var tag: String?
        var soft: Bool?
    }

    struct PurgeResult: Encodable {
        var purged: String
        var soft: Bool
        var at: String
    }

    let store: CacheStore?
    let settings: CacheSettings
    let maxBodyBytes: Int
    let nowMilliseconds: @Sendable () -> Int64

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("/v1/admin/cache/purge") { request, context in try await self.purge(request, context: context) }
    }

    func purge(_ request: Request, context: Context) async throws -> Response {
        let body = try await AdminRequestBody.read(request, limit: self.maxBodyBytes, as: PurgeRequest.self)
        let target = try Self.target(body)
        guard let store = self.store else { throw APIError.cacheUnavailable }
        let now = self.nowMilliseconds()
        let soft = body.soft ?? false
        let lifetime = PurgeMarks.lifetimeMilliseconds(positive: self.settings.lifetimes, negative: self.settings.negativeLifetimes)
        do {
            try await store.purge(target, soft: soft, now: now, markLifetimeMilliseconds: lifetime).get()
        } catch {
            throw APIError.cacheUnavailable
        }
        let purged = target.description
        context.logger.info("gateway.admin.cache_purged", metadata: ["cache.purged": "\(purged)", "cache.soft": "\(soft)"])
        return try AdminKeysController.json(.ok, PurgeResult(purged: purged, soft: soft, at: RFC3339.string(fromUnixMilliseconds: now)))
    }

    /// The one selector as a ``CachePurgeTarget``; 422 naming the field when none, several, or an invalid one is given.
    static func target(_ body: PurgeRequest) throws -> CachePurgeTarget {
        do throws(CachePurgeTargetError) {
            return try CachePurgeTarget(key: body.key, hashtag: body.hashtag, account: body.account, query: body.query, tag: body.tag)
        } catch {
            throw APIError.validationFailed([error.violation])
        }
    }
}
