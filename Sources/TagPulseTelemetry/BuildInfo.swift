/// `tagpulse_build_info{version,commit,swift_version} 1`: which build a process is, as Prometheus exporters
/// conventionally say it. `commit` is `TAGPULSE_BUILD_COMMIT` when the image or the service manager sets it
/// (`docker/` passes the build's), else `unknown`.
public struct BuildInfo: Sendable, Equatable {
    public var version: String
    public var commit: String
    public var swiftVersion: String

    public init(version: String, commit: String? = nil, swiftVersion: String = BuildInfo.compilerVersion) {
        self.version = version
        self.commit = commit.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) } ?? "unknown"
        self.swiftVersion = swiftVersion
    }

    /// The environment variable naming the commit a binary was built from.
    public static let commitVariable = "TAGPULSE_BUILD_COMMIT"

    /// The Swift compiler that built this binary, to the patch release this repository supports.
    public static var compilerVersion: String {
        #if compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3.2)
            "6.3.2"
        #elseif compiler(>=6.3.1)
            "6.3.1"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #else
            "6.1"
        #endif
    }

    public func render(into text: inout PrometheusText, prefix: String = "tagpulse") {
        text.family("\(prefix)_build_info", .gauge, help: "Always 1; the labels say which build this process runs")
        text.sample("\(prefix)_build_info", [("version", self.version), ("commit", self.commit), ("swift_version", self.swiftVersion)], 1)
    }
}
