import Foundation

// tagpulse-embed <package root> <target folder> <output.swift>
//
// Run by the EmbedPlugin build-tool plugin (Sources/EmbedPlugin): reads `<target folder>/embed.list` and writes the
// Swift file that carries the files it names (see ``EmbedManifest``). Exits non-zero with a message on any problem.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tagpulse-embed: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 4 else { fail("usage: tagpulse-embed <package root> <target folder> <output.swift>") }
let root = URL(fileURLWithPath: arguments[1])
let targetFolder = URL(fileURLWithPath: arguments[2])
let output = URL(fileURLWithPath: arguments[3])
let manifestURL = targetFolder.appendingPathComponent("embed.list")

do {
    let manifest = try EmbedManifest(parsing: String(contentsOf: manifestURL, encoding: .utf8))
    let files = try manifest.files(root: root)
    var embedded: [(EmbedManifest.Entry, String)] = []
    for (entry, (_, bytes)) in zip(manifest.entries, files) {
        let contents = entry.mode == .json ? JSONMinifier.minify(bytes) : bytes
        guard let text = String(validating: contents, as: UTF8.self) else { fail("\(entry.path) is not UTF-8") }
        embedded.append((entry, text))
    }
    let relativeManifest = String(manifestURL.path.dropFirst(root.path.count)).trimmingCharacters(in: ["/"])
    let source = SwiftSource.file(
        manifestPath: relativeManifest,
        entries: embedded,
        digest: EmbedDigest.of(files)
    )
    try Data(source.utf8).write(to: output, options: .atomic)
} catch {
    fail("\(manifestURL.path): \(error)")
}
