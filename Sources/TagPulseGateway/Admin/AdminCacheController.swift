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
        let (keyHex, tag) = try Self.selector(body)
        guard let store = self.store else { throw APIError.cacheUnavailable }
        let now = self.nowMilliseconds()
        let soft = body.soft ?? false
        let lifetime = max(self.settings.lifetimes.retentionMilliseconds, self.settings.negativeLifetimes.retentionMilliseconds)
        do {
            try await store.purge(keyHex: keyHex, tag: tag, soft: soft, now: now, markLifetimeMilliseconds: lifetime).get()
        } catch {
            throw APIError.cacheUnavailable
        }
        let purged = keyHex.map { "key:" + $0 } ?? tag ?? ""
        context.logger.info("gateway.admin.cache_purged", metadata: ["cache.purged": "\(purged)", "cache.soft": "\(soft)"])
        return try AdminKeysController.json(.ok, PurgeResult(purged: purged, soft: soft, at: RFC3339.string(fromUnixMilliseconds: now)))
    }

    /// The one selector as a key hash or a tag; 422 when none, several, or an invalid one is given.
    static func selector(_ body: PurgeRequest) throws -> (keyHex: String?, tag: String?) {
        let given = [body.key, body.hashtag, body.account, body.query, body.tag].compactMap { $0 }
        guard given.count == 1 else {
            throw APIError.validationFailed([.init(field: "key", message: "give exactly one of key, hashtag, account, query, tag")])
        }
        if let key = body.key {
            guard CacheKey.redisKey(forHex: key) != nil else {
                throw APIError.validationFailed([.init(field: "key", message: "must be a cache key: 64 hexadecimal digits")])
            }
            return (key.lowercased(), nil)
        }
        if let tag = body.tag {
            let parts = tag.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = AnalysisKind(tagName: parts[0]), let target = try? TargetNormalizer.normalize(parts[1], kind: kind)
            else {
                throw APIError.validationFailed([.init(field: "tag", message: "must be hashtag:<tag>, account:<username> or query:<text>")])
            }
            return (nil, CacheKey.tag(kind: kind, target: target))
        }
        let (kind, raw, field): (AnalysisKind, String, String) =
            if let hashtag = body.hashtag { (.hashtag, hashtag, "hashtag") } else if let account = body.account {
                (.account, account, "account")
            } else {
                (.search, body.query ?? "", "query")
            }
        guard let target = try? TargetNormalizer.normalize(raw, kind: kind) else {
            throw APIError.validationFailed([.init(field: field, message: "is not a valid \(field)")])
        }
        return (nil, CacheKey.tag(kind: kind, target: target))
    }
}

extension AnalysisKind {
    /// The kind a cache tag names (`hashtag`, `account`, `query`).
    init?(tagName: String) {
        switch tagName {
        case "hashtag": self = .hashtag
        case "account": self = .account
        case "query": self = .search
        default: return nil
        }
    }
}
