import Dispatch
import TagPulseLocalAnalysis

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// `tagpulse classify`'s engine: reads whole-line chunks, classifies them on `jobs` worker threads, and writes the
/// results in input order.
///
/// Streaming both ways: a chunk is what one `read` returned (up to 64 KiB of whole lines), at most `2 × jobs` chunks
/// are in flight, and before a `read` that would block every finished line is written, so a script that sends one
/// line and waits for its answer gets it. With `jobs == 1` everything runs on the calling thread. A line longer than
/// `maxLineBytes` (1 MiB) is classified on its first `maxLineBytes` (see ``InputChunks``).
public struct ClassifyPipeline: Sendable {
    public let jobs: Int
    public let input: Int32
    public let output: Int32
    public let maxLineBytes: Int

    public init(jobs: Int, input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, maxLineBytes: Int = 1 << 20) {
        precondition(jobs >= 1, "jobs must be at least 1")
        self.jobs = jobs
        self.input = input
        self.output = output
        self.maxLineBytes = maxLineBytes
    }

    public func run() throws(ClassifyIOError) {
        let analyzer = LocalAnalyzer()
        let line = ClassificationLine()
        var chunks = InputChunks(descriptor: input, maxLineBytes: maxLineBytes)
        let out = OutputDescriptor(descriptor: output)
        if jobs == 1 {
            while let chunk = try chunks.next() {
                try out.writeAll(ClassifyBatch.classify(chunk, analyzer: analyzer, line: line))
            }
            return
        }
        let workers = (0..<jobs).map { DispatchQueue(label: "tagpulse.classify.worker-\($0)") }
        var inFlight: [ClassifyBatch] = []
        var submitted = 0
        // On an early exit (a write failed), let the workers finish before the batches go.
        defer { for batch in inFlight { batch.wait() } }
        while true {
            if !inFlight.isEmpty && !chunks.isReady() {
                while let batch = inFlight.first {
                    batch.wait()
                    inFlight.removeFirst()
                    try out.writeAll(batch.output)
                }
            }
            guard let chunk = try chunks.next() else { break }
            let batch = ClassifyBatch(input: chunk)
            workers[submitted % jobs].async { batch.run(analyzer: analyzer, line: line) }
            submitted += 1
            inFlight.append(batch)
            while let first = inFlight.first {
                if inFlight.count > 2 * jobs {
                    first.wait()
                } else if !first.tryWait() {
                    break
                }
                inFlight.removeFirst()
                try out.writeAll(first.output)
            }
        }
        while let batch = inFlight.first {
            batch.wait()
            inFlight.removeFirst()
            try out.writeAll(batch.output)
        }
    }
}
