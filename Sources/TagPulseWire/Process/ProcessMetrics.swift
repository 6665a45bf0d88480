import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The standard process metrics of the Prometheus client libraries (`process_cpu_seconds_total`,
/// `process_resident_memory_bytes`, `process_virtual_memory_bytes`, `process_open_fds`, `process_max_fds`,
/// `process_start_time_seconds`), read from `/proc` at each scrape as the Go and Python clients do; nil where `/proc`
/// is missing (not Linux). One reader for both processes: the gateway renders its own (TagPulseTelemetry's
/// `render(into:prefix:)`), and the engine sends its own in its `stats` result (``EngineStats/process``), which the
/// gateway renders as `tagpulse_engine_process_*`.
public struct ProcessMetrics: Codable, Sendable, Equatable {
    public var cpuSeconds: Double
    public var residentBytes: Double
    public var virtualBytes: Double
    public var openFileDescriptors: Double
    public var maxFileDescriptors: Double?
    public var startTimeSeconds: Double

    public init(
        cpuSeconds: Double,
        residentBytes: Double,
        virtualBytes: Double,
        openFileDescriptors: Double,
        maxFileDescriptors: Double?,
        startTimeSeconds: Double
    ) {
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
        self.virtualBytes = virtualBytes
        self.openFileDescriptors = openFileDescriptors
        self.maxFileDescriptors = maxFileDescriptors
        self.startTimeSeconds = startTimeSeconds
    }

    /// This process's figures, or nil without `/proc`.
    public static func current(proc: String = "/proc") -> ProcessMetrics? {
        guard let stat = try? String(contentsOfFile: proc + "/self/stat", encoding: .utf8),
            let system = try? String(contentsOfFile: proc + "/stat", encoding: .utf8)
        else { return nil }
        let openFDs = (try? FileManager.default.contentsOfDirectory(atPath: proc + "/self/fd").count).map { max(0, $0 - 1) } ?? 0
        var limit = rlimit()
        let maxFDs = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Double(limit.rlim_cur) : nil
        return Self.parse(
            stat: stat,
            systemStat: system,
            ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))),
            pageSize: Double(sysconf(Int32(_SC_PAGESIZE))),
            openFileDescriptors: Double(openFDs),
            maxFileDescriptors: maxFDs
        )
    }

    /// From `/proc/self/stat` (fields after the parenthesised command name: utime 14, stime 15, starttime 22,
    /// vsize 23, rss 24 in pages) and `/proc/stat`'s `btime` (boot, epoch seconds).
    public static func parse(
        stat: String,
        systemStat: String,
        ticksPerSecond: Double,
        pageSize: Double,
        openFileDescriptors: Double,
        maxFileDescriptors: Double?
    ) -> ProcessMetrics? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        // Field 3 (state) is the first after the command name.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        guard let utime = field(14), let stime = field(15), let start = field(22), let vsize = field(23), let rss = field(24),
            ticksPerSecond > 0,
            let boot = systemStat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }).flatMap({ Double($0.dropFirst(6)) })
        else { return nil }
        return ProcessMetrics(
            cpuSeconds: (utime + stime) / ticksPerSecond,
            residentBytes: rss * pageSize,
            virtualBytes: vsize,
            openFileDescriptors: openFileDescriptors,
            maxFileDescriptors: maxFileDescriptors,
            startTimeSeconds: boot + start / ticksPerSecond
        )
    }

    enum CodingKeys: String, CodingKey {
        case cpuSeconds = "cpu_seconds"
        case residentBytes = "resident_memory_bytes"
        case virtualBytes = "virtual_memory_bytes"
        case openFileDescriptors = "open_fds"
        case maxFileDescriptors = "max_fds"
        case startTimeSeconds = "start_time_seconds"
    }
}
