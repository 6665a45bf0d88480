/// What a process reports at start-up about its environment: variables of the original service that TagPulse does
/// not read (each with what to use instead), and `TAGPULSE_…` variables that no TagPulse process reads (each with the
/// closest known name). Warnings, never errors: the process starts anyway.
///
/// The original's variables that mean the same thing here are aliases of their keys instead (`PORT` of `http.port`,
/// `LOG_LEVEL` of `log.level`, `DEFAULT_MODEL` of `openai.model`, `MAX_CONCURRENT_AGENTS` of
/// `pipeline.analysis_concurrency`, `ENVIRONMENT` of `environment` (only `/health` reports it), `SERVICE_API_KEY`,
/// `TIKTOK_*`, `OPENAI_API_KEY`), and are not reported.
public enum EnvironmentAudit {
    /// A variable the original service read that TagPulse does not, and what replaces it.
    public struct LegacyVariable: Sendable, Equatable {
        public var name: String
        public var instead: String
    }

    /// A `TAGPULSE_…` variable nothing reads, and the known name closest to it, if any is close.
    public struct UnknownVariable: Sendable, Equatable {
        public var name: String
        public var closest: String?
    }

    /// The original's variables that have no alias here (its configuration table, `docs/original-service.md`).
    public static let legacyVariables: [LegacyVariable] = [
        LegacyVariable(
            name: "REQUEST_TIMEOUT",
            instead:
                "TAGPULSE_TIKTOK_TIMEOUT_MS (engine, one upstream call, in milliseconds) and TAGPULSE_ENGINE_REQUEST_TIMEOUT_MS (gateway, a whole analysis)"
        ),
        LegacyVariable(
            name: "TIKTOK_REQUEST_DELAY",
            instead: "TAGPULSE_RATELIMIT_UPSTREAM (gateway: the fleet's budget of upstream calls, e.g. 600/min); there is no fixed delay"
        ),
        LegacyVariable(
            name: "USE_MOCK_DATA",
            instead: "TAGPULSE_PROVIDER=corpus and TAGPULSE_ANALYZER=local (engine; the defaults without upstream keys)"
        ),
        LegacyVariable(name: "API_TITLE", instead: "nothing: the OpenAPI document (GET /openapi.json) is fixed"),
        LegacyVariable(name: "API_VERSION", instead: "nothing: the OpenAPI document (GET /openapi.json) is fixed"),
        LegacyVariable(name: "API_DESCRIPTION", instead: "nothing: the OpenAPI document (GET /openapi.json) is fixed"),
        LegacyVariable(
            name: "MAX_POSTS_PER_REQUEST",
            instead: "nothing (the original ignored it too): a request's max_posts, within the API's bounds"
        ),
        LegacyVariable(name: "DEFAULT_POSTS_PER_REQUEST", instead: "nothing (the original ignored it too): a request's max_posts"),
        LegacyVariable(
            name: "MAX_COMMENTS_PER_VIDEO",
            instead: "nothing (the original ignored it too): a request's max_comments_per_post, within the API's bounds"
        ),
        LegacyVariable(name: "DEFAULT_COMMENTS_PER_VIDEO", instead: "nothing (the original ignored it too): a request's max_comments_per_post"),
        LegacyVariable(name: "MAX_QUOTE_LENGTH", instead: "nothing (the original ignored it too): a request's max_quote_length"),
        LegacyVariable(
            name: "MAX_RETRIES",
            instead: "TAGPULSE_TIKTOK_MAX_ATTEMPTS and TAGPULSE_OPENAI_MAX_ATTEMPTS (engine; attempts, not retries)"
        ),
        LegacyVariable(name: "RETRY_DELAY", instead: "nothing: retries back off on their own (TAGPULSE_TIKTOK_MAX_ATTEMPTS sets how many)"),
    ]

    /// The original's variables set in `environment` that TagPulse does not read, in the table's order.
    public static func ignoredLegacyVariables(in environment: [String: String]) -> [LegacyVariable] {
        self.legacyVariables.filter { environment[$0.name] != nil }
    }

    /// The `TAGPULSE_…` variables set in `environment` that no TagPulse process reads, sorted by name.
    public static func unknownVariables(in environment: [String: String]) -> [UnknownVariable] {
        let known = ConfigKeyCatalog.environmentNames
        return environment.keys.filter { $0.hasPrefix("TAGPULSE_") && !ConfigKeyCatalog.isKnown(environmentName: $0) }.sorted().map {
            UnknownVariable(name: $0, closest: Self.closest(to: $0, in: known))
        }
    }

    /// The same findings as sentences, for `--check` and `--print-config` (standard error).
    public static func warnings(in environment: [String: String]) -> [String] {
        self.ignoredLegacyVariables(in: environment).map { "warning: \($0.name) (the original service's) is not read; use \($0.instead)" }
            + self.unknownVariables(in: environment).map { variable in
                "warning: \(variable.name) is not read by any TagPulse process" + (variable.closest.map { "; did you mean \($0)?" } ?? "")
            }
    }

    /// The known name at the smallest edit distance from `name`, when that distance is at most a third of its length.
    static func closest(to name: String, in known: Set<String>) -> String? {
        let target = Array(name.utf8)
        var best: (name: String, distance: Int)?
        for candidate in known.sorted() {
            let distance = Self.editDistance(target, Array(candidate.utf8))
            if distance < best?.distance ?? Int.max { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, (target.count - "TAGPULSE_".count) / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
