import TagPulseRedis

/// A short-lived connection to one or more Redis servers for one command: runs a client per server, waits until
/// each has a connection, runs the command's work, then stops the clients.
enum RedisSession {
    /// How long to wait for the connections before giving up (exit status 3).
    static let connectWait: Duration = .seconds(2)

    /// Runs `body` with one connected client per configuration, in order. Redis trouble becomes a ``CommandFailure``
    /// with status 3 that names the server's `host:port`, never its password.
    static func run<T: Sendable>(
        _ servers: [RedisConfiguration],
        connectWait: Duration = Self.connectWait,
        _ body: @Sendable ([RedisClient]) async throws -> T
    ) async throws -> T {
        var sessions: [(client: RedisClient, report: ConnectionReport, address: String)] = []
        for server in servers {
            let report = ConnectionReport()
            do {
                let client = try RedisClient(configuration: server, logger: report.logger)
                sessions.append((client, report, server.endpointDescription))
            } catch {
                throw CommandFailure.usage("redis: \(error.message)")
            }
        }
        let started = sessions
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for session in started { group.addTask { try await session.client.run() } }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + connectWait
            for session in started {
                try await Self.waitForConnection(session.client, report: session.report, address: session.address, until: deadline, wait: connectWait)
            }
            do {
                return try await body(started.map(\.client))
            } catch let error as RedisClientError {
                let addresses = Array(Set(started.map(\.address))).sorted().joined(separator: " or ")
                throw CommandFailure(.unavailable, "redis at \(addresses) failed: \(error.description)")
            }
        }
    }

    private static func waitForConnection(
        _ client: RedisClient,
        report: ConnectionReport,
        address: String,
        until deadline: ContinuousClock.Instant,
        wait: Duration
    ) async throws {
        while client.connectedCount == 0 {
            // A refused AUTH or SELECT will not get better by retrying.
            if report.lastErrorCode == "configuration" {
                throw CommandFailure(
                    .unavailable,
                    "redis at \(address) refused the connection set-up (AUTH or SELECT): check the user, password and database"
                )
            }
            guard ContinuousClock.now < deadline else {
                throw CommandFailure(
                    .unavailable,
                    "cannot reach redis at \(address) (no connection within \(wait)): is it running, and is the URL right?"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
