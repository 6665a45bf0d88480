import ArgumentParser
import Foundation
import TagPulseCLI

/// `tagpulse classify`: one text per line on standard input, one JSON object per line on standard output
/// (`sentiment`, `purchase_intent`, `theme`, `confidence`, `language`), streaming, with the offline analyzer.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify texts with the offline analyzer: one text per stdin line, one JSON object per stdout line.",
        discussion: """
            Output lines come in input order. Lines are classified on --jobs worker threads in chunks of what each \
            read returns; a script that writes one line and waits gets its answer at once.
            """
    )

    @Option(name: .shortAndLong, help: "Worker threads, 1-64 (default: one per active processor core, at most 8).")
    var jobs: Int?

    func validate() throws {
        if let jobs, !(1...64).contains(jobs) { throw ValidationError("--jobs must be between 1 and 64, got \(jobs)") }
    }

    func run() throws {
        let jobs = self.jobs ?? min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)
        do {
            try ClassifyPipeline(jobs: jobs).run()
        } catch {
            FileHandle.standardError.write(Data("tagpulse classify: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
