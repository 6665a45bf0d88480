import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Reads an admin endpoint's JSON body with the same rules as the analysis routes: JSON media type, size limit,
/// problem+json for anything unreadable.
enum AdminRequestBody {
    static func read<Body: Decodable>(_ request: Request, limit: Int, as type: Body.Type) async throws -> Body {
        guard AnalysisController.isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw APIError.payloadTooLarge(limit: limit) }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {  // a body without Content-Length (chunked) that passes the limit
            throw APIError.payloadTooLarge(limit: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: limit)
        }
        do {
            return try JSONDecoder().decode(Body.self, from: buffer)
        } catch let error as DecodingError {
            throw APIError.invalidJSON(Self.describe(error))
        }
    }

    /// Names the field without echoing values.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .keyNotFound(let key, _):
            "field '\(key.stringValue)' is required"
        case .dataCorrupted:
            "the request body is not valid JSON"
        @unknown default:
            "the request body could not be read"
        }
    }
}
