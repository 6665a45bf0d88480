import ArgumentParser

/// `tagpulse`: the command-line companion of a TagPulse deployment.
@main
struct TagPulseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagpulse",
        abstract: "The TagPulse command line: talk to a gateway, classify texts locally.",
        version: "0.1.0",
        subcommands: [ClassifyCommand.self]
    )
}
