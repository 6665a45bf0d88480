import Foundation
import TagPulseHTTPClient

/// `tagpulse warm`'s conversation with a gateway: submit a job, read its progress. Every failure is a
/// ``CommandFailure`` whose message names the gateway by scheme, host and port only, and never holds the key.
struct WarmGateway: Sendable {
    let http: any UpstreamHTTPClient
    /// `http(s)://host[:port][/prefix]`, no trailing slash.
    let baseURL: String
    let key: String
    var timeout: Duration = .seconds(30)
    /// Retries of a submission refused with 429 (each after the gateway's `Retry-After`).
    var submitAttempts = 3
    /// How long reading progress may keep failing (unreachable, 5xx, 429) before the command gives up.
    var pollPatience: Duration = .seconds(30)

    /// The gateway as shown in messages: `http://host:port`, without any user information or path.
    var displayName: String { Self.displayName(self.baseURL) }

    static func displayName(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return "the gateway" }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// Checks and normalises a gateway URL: `http` or `https`, a host, no query; the trailing `/` dropped.
    static func baseURL(_ text: String) throws(CommandFailure) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            components.host?.isEmpty == false, components.query == nil, components.fragment == nil
        else {
            throw .usage("--gateway must be an http:// or https:// URL such as http://127.0.0.1:8080")
        }
        return text
    }

    /// Submits the job; its id and status URL.
    func submit(_ body: [UInt8], lines: [Int]) async throws(CommandFailure) -> WarmJobAccepted {
        var attempt = 0
        while true {
            attempt += 1
            let response = try await self.call(.post, "/v1/admin/warm", body: body)
            switch response.status {
            case 202:
                return try self.decode(WarmJobAccepted.self, response)
            case 429 where attempt < self.submitAttempts:
                await Self.pause(seconds: response.retryAfterSeconds ?? 1)
            default:
                throw self.submitFailure(response, lines: lines)
            }
        }
    }

    /// The job's progress (`path`: the status URL the gateway gave). Transient trouble — unreachable, 429, 5xx — is
    /// retried for ``pollPatience``.
    func report(_ path: String) async throws(CommandFailure) -> WarmJobReport {
        let started = ContinuousClock.now
        while true {
            switch try await self.attemptReport(path) {
            case .done(let report):
                return report
            case .transient(let failure, let wait):
                guard ContinuousClock.now - started + .milliseconds(Int(wait * 1000)) < self.pollPatience else { throw failure }
                await Self.pause(seconds: wait)
            }
        }
    }

    enum Attempt {
        case done(WarmJobReport)
        /// Worth asking again after `wait` seconds.
        case transient(CommandFailure, wait: Double)
    }

    private func attemptReport(_ path: String) async throws(CommandFailure) -> Attempt {
        let response: UpstreamHTTPResponse
        do throws(CommandFailure) {
            response = try await self.call(.get, path, body: nil)
        } catch {
            return .transient(error, wait: 1)
        }
        switch response.status {
        case 200:
            return .done(try self.decode(WarmJobReport.self, response))
        case 429, 500...599:
            return .transient(.unavailable("reading the job's progress: \(Self.describe(response))"), wait: response.retryAfterSeconds ?? 1)
        default:
            throw .unavailable("reading the job's progress: \(Self.describe(response))")
        }
    }

    /// One request with the key (`X-API-Key`, never logged or printed).
    /// `DELETE /v1/admin/warm/{job}`: asks the gateway to stop the job; the job as it stands.
    func cancel(_ statusURL: String) async throws(CommandFailure) -> WarmJobReport {
        let response = try await self.call(.delete, statusURL, body: nil)
        switch response.status {
        case 200, 202: return try self.decode(WarmJobReport.self, response)
        case 401, 403: throw .unavailable("the gateway refused the key: \(Self.describe(response))")
        case 404: throw CommandFailure(.failed, "no such job on \(self.displayName): \(Self.describe(response))")
        default: throw .unavailable("the gateway could not cancel the job: \(Self.describe(response))")
        }
    }

    private func call(_ method: UpstreamHTTPRequest.Method, _ path: String, body: [UInt8]?) async throws(CommandFailure) -> UpstreamHTTPResponse {
        var headers: [(name: String, value: String)] = [("X-API-Key", self.key), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = UpstreamHTTPRequest(method: method, url: self.baseURL + path, headers: headers, body: body, timeout: self.timeout)
        do {
            return try await self.http.execute(request)
        } catch {
            throw .unavailable("cannot reach the gateway at \(self.displayName): \(error.detail)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: UpstreamHTTPResponse) throws(CommandFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw .unavailable("the gateway at \(self.displayName) answered \(response.status) with a body that is not a warm-up job")
        }
    }

    /// What a refused submission means for the user: bad items (2, each named by its input line), or a gateway that
    /// will not take the job (3).
    func submitFailure(_ response: UpstreamHTTPResponse, lines: [Int]) -> CommandFailure {
        let problem = Self.problem(response)
        switch response.status {
        case 422 where !(problem?.errors ?? []).isEmpty:
            let described = (problem?.errors ?? []).map { Self.describe($0, lines: lines) }
            return .usage("the gateway refused the items (nothing was queued):\n  " + described.joined(separator: "\n  "))
        case 400, 413, 415, 422:
            return .usage("the gateway refused the job: \(Self.describe(response))")
        case 401, 403:
            return .unavailable(
                "the gateway at \(self.displayName) refused the key (\(Self.describe(response))); it needs the 'warm' or 'admin' scope"
            )
        case 404:
            return .unavailable("the gateway at \(self.displayName) has no warm-up endpoint (\(Self.describe(response)))")
        default:
            return .unavailable("the gateway at \(self.displayName) could not take the job: \(Self.describe(response))")
        }
    }

    /// `items[3].hashtag` → `line 7: hashtag must be …` (the 1-based input line of item 3).
    static func describe(_ violation: GatewayProblem.Violation, lines: [Int]) -> String {
        var field = violation.field
        var place = ""
        if field.hasPrefix("items["), let close = field.firstIndex(of: "]"),
            let index = Int(field[field.index(field.startIndex, offsetBy: 6)..<close])
        {
            place = index < lines.count ? "line \(lines[index])" : "item \(index)"
            field = String(field[field.index(after: close)...].drop { $0 == "." })
        }
        var text = (place.isEmpty ? "" : place + ": ") + (field.isEmpty ? "" : field + " ") + violation.message
        if field == "ai_analysis_prompt" && violation.message == "is required" { text += " (pass --prompt, or put it in the line's JSON)" }
        return text
    }

    static func problem(_ response: UpstreamHTTPResponse) -> GatewayProblem? {
        try? JSONDecoder().decode(GatewayProblem.self, from: Data(response.body))
    }

    /// `HTTP 503 WARM_QUEUE_FULL: …`.
    static func describe(_ response: UpstreamHTTPResponse) -> String {
        let summary = Self.problem(response)?.summary ?? ""
        return "HTTP \(response.status)" + (summary.isEmpty ? "" : " \(summary)")
    }

    static func pause(seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int(min(max(seconds, 0.05), 60) * 1000)))
    }
}
