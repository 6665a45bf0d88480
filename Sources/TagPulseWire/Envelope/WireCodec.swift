import Foundation
import NIOCore
import NIOFoundationCompat

/// JSON encoding and decoding of envelopes to and from frame payloads.
public struct WireCodec: Sendable {
    public init() {}

    /// Why a frame's payload could not be read as a request.
    public enum DecodeFailure: Error, Sendable, Equatable {
        /// Not JSON, or not a JSON object: answered with `BAD_FRAME`.
        case notAJSONObject
    }

    public func encode<Value: Encodable>(_ value: Value, allocator: ByteBufferAllocator = .init()) throws -> ByteBuffer {
        try JSONEncoder().encodeAsByteBuffer(value, allocator: allocator)
    }

    /// Reads the envelope fields of a request. Throws ``DecodeFailure/notAJSONObject`` for anything that is not a
    /// JSON object.
    public func decodeRequestHeader(_ payload: ByteBuffer) throws -> WireRequestHeader {
        do {
            return try JSONDecoder().decode(WireRequestHeader.self, from: payload)
        } catch {
            throw DecodeFailure.notAJSONObject
        }
    }

    public func decodeParams<Params: Decodable & Sendable>(_ type: Params.Type, from payload: ByteBuffer) throws -> Params {
        try JSONDecoder().decode(WireParamsBody<Params>.self, from: payload).params
    }

    public func decodeResponseHeader(_ payload: ByteBuffer) throws -> WireResponseHeader {
        try JSONDecoder().decode(WireResponseHeader.self, from: payload)
    }

    public func decodeResult<Result: Decodable & Sendable>(_ type: Result.Type, from payload: ByteBuffer) throws -> Result {
        try JSONDecoder().decode(WireResultBody<Result>.self, from: payload).result
    }
}
