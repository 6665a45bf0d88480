import Glibc
import Testing

@testable import TagPulseWire

/// The open-file limit each process raises at start.
@Suite("OpenFileLimit")
struct OpenFileLimitTests {
    /// After the raise the soft limit is the hard one (this test process may lower its soft limit and raise it back:
    /// both are always allowed).
    @Test func raisesTheSoftLimitToTheHardOne() throws {
        var limit = rlimit()
        try #require(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        let original = limit
        defer { _ = withUnsafePointer(to: original) { setrlimit(Int32(RLIMIT_NOFILE.rawValue), $0) } }
        var lowered = limit
        lowered.rlim_cur = min(limit.rlim_max, 256)
        try #require(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered) == 0)
        #expect(OpenFileLimit.current == Int(lowered.rlim_cur))
        let change = try #require(OpenFileLimit.raiseToHard())
        #expect(change.before == Int(lowered.rlim_cur))
        #expect(change.after == change.hard)
        #expect(OpenFileLimit.current == change.hard)
        let again = try #require(OpenFileLimit.raiseToHard())
        #expect(again.before == again.after, "already at the hard limit: nothing changes")
    }
}
