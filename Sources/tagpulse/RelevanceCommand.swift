import ArgumentParser
import Foundation
import TagPulseCLI

/// `tagpulse relevance`: `prompt<TAB>text` per stdin line, the text's relevance to the prompt per stdout line.
struct RelevanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relevance",
        abstract: "Score texts against prompts with the offline analyzer: one 'prompt<TAB>text' per stdin line, one JSON object per stdout line.",
        discussion: """
            Each output object holds the relevance (0-1), whether the text is kept (relevance >= 0.5), what was \
            understood of the prompt (aspects, keywords, general_opinion) and what the text speaks of.
            """
    )

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        FileHandle.standardOutput.write(Data(RelevanceLines.run(input).utf8))
    }
}
