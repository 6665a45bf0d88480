import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseAccess
import TagPulseWire

/// `/v1/admin/keys` (admin scope): create (the secret is in that one response, never again), list, rotate with
/// overlap (the new key keeps the old one's expiry; a revoked or expired key is a 409), revoke. Changes reach every gateway instance at once (see ``KeyAuthenticator``).
struct AdminKeysController {
    typealias Context = GatewayRequestContext

    let access: GatewayAccess
    let maxBodyBytes: Int
    let nowMilliseconds: @Sendable () -> Int64

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("/v1/admin/keys") { request, context in try await self.create(request, context: context) }
        group.get("/v1/admin/keys") { _, _ in try await self.list() }
        group.post("/v1/admin/keys/{id}/rotate") { request, context in try await self.rotate(request, context: context) }
        group.delete("/v1/admin/keys/{id}") { _, context in try await self.revoke(context: context) }
    }

    func create(_ request: Request, context: Context) async throws -> Response {
        let store = try self.store()
        let body = try await AdminRequestBody.read(request, limit: self.maxBodyBytes, as: CreateKeyRequest.self)
        let new = try body.validated(tiers: self.tierNames, defaultTier: self.access.defaultTier, now: self.nowMilliseconds())
        let created = try await Self.storeCall { try await store.create(new) }
        context.logger.info("gateway.admin.key_created", metadata: ["apikey.created": "\(created.record.id)"])
        return try Self.json(.created, KeyView(created.record, secret: created.key.text, now: self.nowMilliseconds()))
    }

    func list() async throws -> Response {
        let store = try self.store()
        let records = try await Self.storeCall { try await store.list() }
        let now = self.nowMilliseconds()
        return try Self.json(.ok, KeyList(keys: records.map { KeyView($0, secret: nil, now: now) }))
    }

    func rotate(_ request: Request, context: Context) async throws -> Response {
        let store = try self.store()
        let id = try Self.id(context)
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        let body = hasBody ? try await AdminRequestBody.read(request, limit: self.maxBodyBytes, as: RotateKeyRequest.self) : RotateKeyRequest()
        let overlap = try body.overlapMilliseconds()
        guard let rotated = try await Self.storeCall({ try await store.rotate(id: id, overlapMilliseconds: overlap) }) else {
            // Unknown, revoked or expired: say which (a key that no longer works is never turned into one that does).
            guard let record = try await Self.storeCall({ try await store.record(id: id) }) else { throw APIError.keyNotFound(id) }
            throw APIError.keyNotRotatable(id, revoked: record.revokedMilliseconds != nil)
        }
        context.logger.info("gateway.admin.key_rotated", metadata: ["apikey.rotated": "\(id)", "apikey.created": "\(rotated.record.id)"])
        let now = self.nowMilliseconds()
        var view = KeyView(rotated.record, secret: rotated.key.text, now: now)
        view.previous = .init(KeyView(rotated.previous, secret: nil, now: now))
        return try Self.json(.created, view)
    }

    func revoke(context: Context) async throws -> Response {
        let store = try self.store()
        let id = try Self.id(context)
        guard let record = try await Self.storeCall({ try await store.revoke(id: id) }) else { throw APIError.keyNotFound(id) }
        context.logger.info("gateway.admin.key_revoked", metadata: ["apikey.revoked": "\(id)"])
        return try Self.json(.ok, KeyView(record, secret: nil, now: self.nowMilliseconds()))
    }

    private var tierNames: Set<String> {
        guard let tiers = self.access.limiter?.settings.tiers else { return [self.access.defaultTier] }
        return Set(tiers.keys)
    }

    private func store() throws -> KeyStore {
        guard let store = self.access.store else { throw APIError.keyStoreUnavailable }
        return store
    }

    private static func id(_ context: Context) throws -> String {
        guard let id = context.parameters.get("id"), APIKey.isValidID(id) else {
            throw APIError.keyNotFound(String((context.parameters.get("id") ?? "").prefix(40)))
        }
        return id
    }

    private static func storeCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw APIError.keyStoreUnavailable
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let buffer = try encoder.encodeAsByteBuffer(value, allocator: ByteBufferAllocator())
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: buffer))
    }
}
