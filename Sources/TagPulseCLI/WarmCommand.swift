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
                          [--gateway <url>] [--key <key>] [--concurrency <n>] [--poll-ms <ms>] [--detach]
            tagpulse warm --attach <job> [--gateway <url>] [--key <key>] [--poll-ms <ms>]
            """,
        discussion: """
            Each line is a target (skincare, #SkinCare, @chefmarco, "air fryer") of --kind, or a JSON object: a full \
            item as POST /v1/admin/warm takes it ({"kind":"account","username":"chefmarco","max_posts":10}). --max-posts \
            and --prompt fill the fields a line leaves out. Blank lines and comments ('# ' then text) are skipped. \
            An item warms exactly the entry the same POST /v1/analyze/{kind} request would use, so give the prompt \
            your clients send (hashtag analyses require one).

            The key (scope warm or admin) comes from --key or TAGPULSE_API_KEY (prefer the variable: arguments show in \
            ps); the gateway from --gateway or TAGPULSE_GATEWAY_URL (default http://127.0.0.1:8080).

            On a terminal it shows one line: a bar as wide as the terminal allows, the counts, the time elapsed, an \
            estimate of the time left and the item being warmed. Ctrl-C restores the terminal and asks the gateway to \
            cancel the job (items in flight finish, the rest are not started); a second Ctrl-C leaves the job running \
            and prints its id. --detach submits the job, prints its id and returns at once; --attach <job> follows a \
            job already running (from any gateway of the fleet).

            Exit status: 0 every item warmed or already fresh (or, with --detach, the job was queued); 1 some items \
            failed (listed with their reasons), the job was cancelled or stalled; 2 a bad option or input, or items the \
            gateway refused as invalid (nothing was queued); 3 the gateway could not be reached, refused the key, or \
            could not take the job; 130 interrupted twice (the job goes on).
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

    @Option(help: ArgumentHelp("Follow this job (wj_…) instead of submitting one; reads no input.", valueName: "job"))
    var attach: String?

    @Flag(help: "Submit the job, print its id and return without following it.")
    var detach = false

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
        if let attach {
            guard !self.detach else { throw .usage("--attach and --detach exclude each other") }
            guard attach.hasPrefix("wj_"), (4...64).contains(attach.count),
                attach.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { throw .usage("--attach takes a job id (wj_…, as tagpulse warm printed it)") }
        }
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
            let input = self.attach == nil ? try self.input() : nil
            let http = CurlHTTPClient(threads: 1, maxResponseBytes: 64 << 20, userAgent: "tagpulse/0.1.0")
            let gateway = WarmGateway(http: http, baseURL: settings.gatewayURL, key: settings.key)
            let status: Int32
            do {
                if let input {
                    status = try await Self.follow(input, gateway: gateway, concurrency: self.concurrency, poll: settings.poll, detach: self.detach)
                } else {
                    let job = self.attach ?? ""
                    status = try await Self.follow(
                        gateway: gateway,
                        jobID: job,
                        statusURL: "/v1/admin/warm/" + job,
                        lines: [],
                        poll: settings.poll
                    )
                }
            } catch {
                await http.shutdown()
                throw error
            }
            await http.shutdown()
            if status != 0 { throw CommandFailure(.failed, "") }
        }
    }

    /// Submits the job and follows it to its end (or, `detach`, returns once it is queued); the exit status.
    static func follow(
        _ input: WarmInput,
        gateway: WarmGateway,
        concurrency: Int?,
        poll: Duration,
        detach: Bool = false
    ) async throws(CommandFailure) -> Int32 {
        let lines = input.items.map(\.line)
        let accepted = try await gateway.submit(input.body(concurrency: concurrency), lines: lines)
        let id = KeyTable.printable(accepted.jobID)
        Self.write("job \(id): \(accepted.total) items queued on \(gateway.displayName)\n")
        if detach {
            Self.write("follow it with: tagpulse warm --attach \(id)\n")
            return 0
        }
        return try await Self.follow(gateway: gateway, jobID: accepted.jobID, statusURL: accepted.statusURL, lines: lines, poll: poll)
    }

    /// Follows a job to its end; the exit status (0 or 1; 130 after a second Ctrl-C). The first Ctrl-C asks the
    /// gateway to cancel the job and goes on following it until it stops.
    static func follow(gateway: WarmGateway, jobID: String, statusURL: String, lines: [Int], poll: Duration) async throws(CommandFailure) -> Int32 {
        let terminal = isatty(STDOUT_FILENO) == 1
        let interrupts = WarmInterrupts(jobID: KeyTable.printable(jobID), terminal: terminal)
        interrupts.install()
        defer { interrupts.uninstall() }
        if terminal { Self.write(WarmInterrupts.hideCursor) }
        var progress = WarmProgress()
        var cancelSent = false
        while true {
            if interrupts.count > 0, !cancelSent {
                cancelSent = true
                if terminal { Self.write("\r\u{1B}[K") }
                Self.write("cancelling job \(KeyTable.printable(jobID)) (items in flight finish); Ctrl-C again to leave it running\n")
                _ = try? await gateway.cancel(statusURL)
            }
            let report = try await gateway.report(statusURL)
            if terminal {
                Self.write(progress.terminalLine(report, columns: WarmProgress.columns()))
            } else {
                let finished = progress.newlyFinished(report)
                if !finished.isEmpty { Self.write(finished.joined(separator: "\n") + "\n") }
            }
            if report.isOver {
                Self.write((terminal ? "\n" + WarmInterrupts.showCursor : "") + WarmSummary.text(report, lines: lines) + "\n")
                return WarmSummary.exitStatus(report)
            }
            // Sleep in slices, so a Ctrl-C is acted on at once.
            let wake = ContinuousClock.now + poll
            let seen = interrupts.count
            while ContinuousClock.now < wake, interrupts.count == seen { try? await Task.sleep(for: .milliseconds(25)) }
        }
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
