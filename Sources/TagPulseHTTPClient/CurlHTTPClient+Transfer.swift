import CCurl
import CCurlShim
import Foundation

extension CurlHTTPClient {
    /// What one transfer collects; touched only by the pool thread running it (and libcurl's callbacks on it).
    final class Transfer {
        var body: [UInt8] = []
        var headers: [String: String] = [:]
        var tooLarge = false
        let limit: Int
        let cancelled: CancellationFlag

        /// The transfer behind a libcurl callback's user pointer (retained by ``perform`` for the whole call).
        static func from(_ context: UnsafeMutableRawPointer?) -> Transfer? {
            context.map { Unmanaged<Transfer>.fromOpaque($0).takeUnretainedValue() }
        }

        init(limit: Int, cancelled: CancellationFlag) {
            self.limit = limit
            self.cancelled = cancelled
        }
    }

    /// Runs one transfer on the calling (pool) thread.
    static func perform(
        _ request: UpstreamHTTPRequest,
        handle: CurlHandle,
        limit: Int,
        userAgent: String,
        cancelled: CancellationFlag,
        release: (CurlHandle) -> Void
    ) -> Result<UpstreamHTTPResponse, UpstreamHTTPError> {
        defer { release(handle) }
        do {
            let transfer = Transfer(limit: limit, cancelled: cancelled)
            let context = Unmanaged.passRetained(transfer)
            defer { context.release() }
            let raw = handle.raw
            let timeoutMilliseconds = max(1, Int(request.timeout / .milliseconds(1)))
            tp_curl_easy_setopt_string(raw, CURLOPT_URL, request.url)
            tp_curl_easy_setopt_string(raw, CURLOPT_PROTOCOLS_STR, "http,https")
            tp_curl_easy_setopt_long(raw, CURLOPT_NOSIGNAL, 1)
            tp_curl_easy_setopt_long(raw, CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
            tp_curl_easy_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMilliseconds, 10_000))
            tp_curl_easy_setopt_long(raw, CURLOPT_FOLLOWLOCATION, 0)
            tp_curl_easy_setopt_string(raw, CURLOPT_ACCEPT_ENCODING, "")
            tp_curl_easy_setopt_string(raw, CURLOPT_USERAGENT, userAgent)
            tp_curl_easy_setopt_off_t(raw, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit))
            tp_curl_easy_setopt_write_callback(raw, curlWriteCallback)
            tp_curl_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, context.toOpaque())
            tp_curl_easy_setopt_header_callback(raw, curlHeaderCallback)
            tp_curl_easy_setopt_pointer(raw, CURLOPT_HEADERDATA, context.toOpaque())
            tp_curl_easy_setopt_long(raw, CURLOPT_NOPROGRESS, 0)
            tp_curl_easy_setopt_xferinfo_callback(raw, curlProgressCallback)
            tp_curl_easy_setopt_pointer(raw, CURLOPT_XFERINFODATA, context.toOpaque())

            var list: UnsafeMutablePointer<curl_slist>?
            for (name, value) in request.headers { list = curl_slist_append(list, "\(name): \(value)") }
            list = curl_slist_append(list, "Expect:")  // no 100-continue round trip on POST
            defer { curl_slist_free_all(list) }
            tp_curl_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, list)

            if request.method == .post {
                let body = request.body ?? []
                tp_curl_easy_setopt_long(raw, CURLOPT_POST, 1)
                tp_curl_easy_setopt_off_t(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                body.withUnsafeBytes { bytes in
                    _ = tp_curl_easy_setopt_pointer(
                        raw,
                        CURLOPT_COPYPOSTFIELDS,
                        UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                    )
                }
            } else {
                tp_curl_easy_setopt_long(raw, CURLOPT_HTTPGET, 1)
            }
            // Handles are reused: a DELETE's method must not stick to the next request.
            if request.method == .delete {
                tp_curl_easy_setopt_string(raw, CURLOPT_CUSTOMREQUEST, "DELETE")
            } else {
                tp_curl_easy_setopt_pointer(raw, CURLOPT_CUSTOMREQUEST, nil)
            }

            let code = curl_easy_perform(raw)
            guard code == CURLE_OK else { return .failure(Self.error(for: code, transfer: transfer)) }
            var status = 0
            tp_curl_easy_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status)
            return .success(UpstreamHTTPResponse(status: status, headers: transfer.headers, body: transfer.body))
        }
    }

    static func error(for code: CURLcode, transfer: Transfer) -> UpstreamHTTPError {
        let detail = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return UpstreamHTTPError(kind: .timeout, detail: detail)
        case CURLE_ABORTED_BY_CALLBACK:
            return UpstreamHTTPError(kind: .cancelled, detail: detail)
        case CURLE_WRITE_ERROR where transfer.tooLarge, CURLE_FILESIZE_EXCEEDED:
            return UpstreamHTTPError(kind: .tooLarge, detail: "the response exceeded \(transfer.limit) bytes")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING,
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_PARTIAL_FILE:
            return UpstreamHTTPError(kind: .connection, detail: detail)
        default:
            return UpstreamHTTPError(kind: .other, detail: detail)
        }
    }
}

private let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data,
    size,
    count,
    context in
    guard let data, let transfer = CurlHTTPClient.Transfer.from(context) else { return 0 }
    let length = size * count
    guard transfer.body.count + length <= transfer.limit else {
        transfer.tooLarge = true
        return 0
    }
    transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private let curlHeaderCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data,
    size,
    count,
    context in
    guard let data, let transfer = CurlHTTPClient.Transfer.from(context) else { return 0 }
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        transfer.headers.removeAll()  // a new response (after a redirect or 100-continue) starts over
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        transfer.headers[name] = value
    }
    return length
}

private let curlProgressCallback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
    context,
    _,
    _,
    _,
    _ in
    guard let transfer = CurlHTTPClient.Transfer.from(context) else { return 0 }
    return transfer.cancelled.isCancelled ? 1 : 0
}
