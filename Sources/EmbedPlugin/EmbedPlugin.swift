import Foundation
import PackagePlugin

/// Compiles the files a target names in its `embed.list` (data tables, Lua scripts, the OpenAPI document) into the
/// target as string constants (`EmbeddedFiles`), at build time: the generated Swift lives in the build folder, never
/// in git, and the build reruns the generator whenever the list or one of its files changes.
@main
struct EmbedPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = target.directoryURL
        let manifest = folder.appending(path: "embed.list")
        let root = context.package.directoryURL
        let inputs = try Self.paths(in: String(contentsOf: manifest, encoding: .utf8)).map { root.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding the files of \(target.name)/embed.list",
                executable: try context.tool(named: "tagpulse-embed").url,
                arguments: [root.path, folder.path, output.path],
                inputFiles: [manifest] + inputs,
                outputFiles: [output]
            )
        ]
    }

    /// The third field of each line (the generator checks the rest).
    static func paths(in manifest: String) -> [String] {
        manifest.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.count == 3 ? String(fields[2]) : nil
        }
    }
}
