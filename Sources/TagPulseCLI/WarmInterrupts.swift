import Dispatch
import Foundation
import Synchronization

/// Ctrl-C while `tagpulse warm` follows a job: the first one is counted (the command then asks the gateway to cancel
/// the job and follows it until it stops); the second restores the terminal (cursor shown, line ended), says the job
/// goes on and how to follow it again, and exits 130 at once.
///
/// `@unchecked Sendable`: the dispatch source is thread-safe (resume and cancel from any thread), the rest is atomic
/// or immutable.
final class WarmInterrupts: @unchecked Sendable {
    static let hideCursor = "\u{1B}[?25l"
    static let showCursor = "\u{1B}[?25h"

    let jobID: String
    let terminal: Bool
    private let received = Atomic<Int>(0)
    private let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())

    init(jobID: String, terminal: Bool) {
        self.jobID = jobID
        self.terminal = terminal
    }

    /// Ctrl-Cs received so far.
    var count: Int { self.received.load(ordering: .acquiring) }

    /// What the second Ctrl-C prints before exiting.
    var leavingMessage: String {
        (self.terminal ? "\r\u{1B}[K" + Self.showCursor : "")
            + "job \(self.jobID) left running on the gateway; follow it again with: tagpulse warm --attach \(self.jobID)\n"
    }

    /// Counts one Ctrl-C; true when it is the second (the caller leaves).
    func record() -> Bool {
        self.received.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue >= 2
    }

    func install() {
        signal(SIGINT, SIG_IGN)
        self.source.setEventHandler { [self] in
            guard self.record() else { return }
            FileHandle.standardOutput.write(Data(self.leavingMessage.utf8))
            exit(130)
        }
        self.source.resume()
    }

    func uninstall() {
        self.source.cancel()
        signal(SIGINT, SIG_DFL)
        if self.terminal { FileHandle.standardOutput.write(Data(Self.showCursor.utf8)) }
    }
}
