import ArgumentParser
import Foundation
import TagPulseHTTPClient

/// `tagpulse warm`: fills the cache ahead of demand through a gateway (`POST /v1/admin/warm`), then follows the
/// job to its end (`GET /v1/admin/warm/{job}`) with a progress bar on a terminal, or one line per finished item
/// otherwise, and a summary.
public struct WarmCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "warm",
        abstract: "Warm the cache through a gateway: one target (or JSON item) per line, from a file or standard input.",
        usage: """
            tagpulse warm [--file <path>] [--kind hashtag|account|search] [--max-posts <n>] [--prompt <text>]
                          [--gateway <url>] [--key <key>] [--concurrency <n>] [--poll-ms <ms>]
            """,
        discussion: """
            Each line is a target (skincare, #SkinCare, @chefmarco, "air fryer") of --kind, or a JSON object: a full \
            item as POST /v1/admin/warm takes it ({"kind":"account","username":"chefmarco","max_posts":10}). --max-posts \
            and --prompt fill the fields a line leaves out. Blank lines and comments ('# ' then text) are skipped. \
            An item warms exactly the entry the same POST /v1/analyze/{kind} request would use, so give the prompt \
            your clients send (hashtag analyses require one).

            The key (scope warm or admin) comes from --key or TAGPULSE_API_KEY (prefer the variable: arguments show in \
            ps); the gateway from --gateway or TAGPULSE_GATEWAY_URL (default http://127.0.0.1:8080).

            Exit status: 0 every item warmed or already fresh; 1 some items failed (listed with their reasons) or the \
            job stalled; 2 a bad option or input, or items the gateway refused as invalid (nothing was queued); 3 the \
            gateway could not be reached, refused the key, or could not take the job.
            """
    )

    @Option(help: ArgumentHelp("Read the items from this file (default: standard input; '-' too).", valueName: "path"))
    var file: String?

    @Option(help: ArgumentHelp("What plain target lines are: hashtag, account or search.", valueName: "kind"))
    var kind = "hashtag"

    @Option(name: .customLong("max-posts"), help: ArgumentHelp("max_posts of every item that does not set it.", valueName: "n"))
    var maxPosts: Int?

    @Option(help: ArgumentHelp("ai_analysis_prompt of every item that does not set it (10–1000 characters).", valueName: "text"))
    var prompt: String?

    @Option(help: ArgumentHelp("The gateway's base URL (default: TAGPULSE_GATEWAY_URL, else http://127.0.0.1:8080).", valueName: "url"))
    var gateway: String?

    @Option(help: ArgumentHelp("An API key with the warm or admin scope (default: TAGPULSE_API_KEY).", valueName: "key"))
    var key: String?

    @Option(help: ArgumentHelp("Items in flight at once (the gateway caps it at warm.max_concurrency).", valueName: "n"))
    var concurrency: Int?

    @Option(name: .customLong("poll-ms"), help: ArgumentHelp("How often to read the job's progress, 50–60000 ms.", valueName: "ms"))
    var pollMilliseconds = 500

    public init() {}

    /// Where to send the job and as whom, from the options over the environment.
    struct Settings: Equatable {
        var gatewayURL: String
        var key: String
        var poll: Duration
    }

    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> Settings {
        let url = try WarmGateway.baseURL(self.gateway ?? environment["TAGPULSE_GATEWAY_URL"] ?? "http://127.0.0.1:8080")
        guard let key = (self.key ?? environment["TAGPULSE_API_KEY"]).map({ $0.trimmingCharacters(in: .whitespaces) }), !key.isEmpty else {
            throw .usage("no API key: set TAGPULSE_API_KEY (or pass --key) to a key with the warm or admin scope")
        }
        guard (50...60_000).contains(self.pollMilliseconds) else { throw .usage("--poll-ms must be from 50 to 60000") }
        if let concurrency, concurrency < 1 { throw .usage("--concurrency must be at least 1") }
        if let maxPosts, maxPosts < 1 { throw .usage("--max-posts must be at least 1") }
        return Settings(gatewayURL: url, key: key, poll: .milliseconds(self.pollMilliseconds))
    }

    /// The items, from `--file` or standard input.
    func input() throws(CommandFailure) -> WarmInput {
        let text: String
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .usage("--file: cannot read '\(KeyTable.cell(file, limit: 200))'")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            if isatty(STDIN_FILENO) == 1 {
                FileHandle.standardError.write(Data("tagpulse warm: reading targets from standard input, one per line (end with Ctrl-D)\n".utf8))
            }
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        return try WarmInput(text: text, kind: self.kind, maxPosts: self.maxPosts, prompt: self.prompt)
    }

    public func run() async throws {
        try await CommandFailure.reporting(command: "tagpulse warm") {
            let settings = try self.settings()
            let input = try self.input()
            let http = CurlHTTPClient(threads: 1, maxResponseBytes: 64 << 20, userAgent: "tagpulse/0.1.0")
            let gateway = WarmGateway(http: http, baseURL: settings.gatewayURL, key: settings.key)
            let status: Int32
            do {
                status = try await Self.follow(input, gateway: gateway, concurrency: self.concurrency, poll: settings.poll)
            } catch {
                await http.shutdown()
                throw error
            }
            await http.shutdown()
            if status != 0 { throw CommandFailure(.failed, "") }
        }
    }

    /// Submits the job and follows it to its end; the exit status (0 or 1).
    static func follow(_ input: WarmInput, gateway: WarmGateway, concurrency: Int?, poll: Duration) async throws(CommandFailure) -> Int32 {
        let lines = input.items.map(\.line)
        let accepted = try await gateway.submit(input.body(concurrency: concurrency), lines: lines)
        let terminal = isatty(STDOUT_FILENO) == 1
        Self.write("job \(KeyTable.printable(accepted.jobID)): \(accepted.total) items queued on \(gateway.displayName)\n")
        var progress = WarmProgress()
        while true {
            let report = try await gateway.report(accepted.statusURL)
            if terminal {
                Self.write(WarmProgress.terminalLine(report))
            } else {
                let finished = progress.newlyFinished(report)
                if !finished.isEmpty { Self.write(finished.joined(separator: "\n") + "\n") }
            }
            if report.isOver {
                Self.write((terminal ? "\n" : "") + WarmSummary.text(report, lines: lines) + "\n")
                return WarmSummary.exitStatus(report)
            }
            try? await Task.sleep(for: poll)
        }
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
