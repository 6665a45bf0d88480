import NIOCore

extension RedisClient {
    /// Runs `script` with `EVALSHA`. The SHA comes from `SCRIPT LOAD`, done on first use and cached; on `NOSCRIPT`
    /// (Redis restarted, `SCRIPT FLUSH`, a failover; in a cluster, a node that never ran it) the script is loaded again, on
    /// the node that answered, and the call retried once. Event-loop
    /// API: no task, no blocking.
    public func evalScript(_ script: RedisScript, keys: [String], arguments: [RedisCommand.Argument] = [], timeout: Duration? = nil)
        -> EventLoopFuture<RESPValue>
    {
        guard let command = self.scriptCommand(script, keys: keys, arguments: arguments) else {
            return self.loadAndEval(script, keys: keys, arguments: arguments, timeout: timeout)
        }
        let future: EventLoopFuture<RESPValue> = self.send(command, timeout: timeout)
        return future.flatMapError { error in
            guard let error = error as? RedisClientError, error.serverErrorPrefix == "NOSCRIPT" else {
                return future.eventLoop.makeFailedFuture(error)
            }
            self.logger.debug("redis.script.reload", metadata: ["redis.script": "\(script.name)"])
            return self.loadAndEval(script, keys: keys, arguments: arguments, timeout: timeout)
        }
    }

    /// The `EVALSHA` of `script` for a caller's own pipeline, or nil while its SHA is not known (no call through
    /// ``evalScript(_:keys:arguments:timeout:)-(_,_,_,_)`` has loaded it yet). A `NOSCRIPT` reply to it is the
    /// caller's to handle: ``evalScript(_:keys:arguments:timeout:)-(_,_,_,_)`` loads the script again.
    public func scriptCommand(_ script: RedisScript, keys: [String], arguments: [RedisCommand.Argument]) -> RedisCommand? {
        guard let sha = self.scriptHashes.withLock({ $0[script.name] }) else { return nil }
        return .evalsha(sha, keys: keys, arguments: arguments)
    }

    /// Runs `script` and waits for its reply; see ``evalScript(_:keys:arguments:timeout:)-(_,_,_,_)``.
    public func evalScript(
        _ script: RedisScript,
        keys: [String],
        arguments: [RedisCommand.Argument] = [],
        timeout: Duration? = nil
    ) async throws(RedisClientError) -> RESPValue {
        let future: EventLoopFuture<RESPValue> = self.evalScript(script, keys: keys, arguments: arguments, timeout: timeout)
        return try await Self.value(of: future)
    }

    /// `SCRIPT LOAD` then `EVALSHA`, caching the SHA.
    private func loadAndEval(_ script: RedisScript, keys: [String], arguments: [RedisCommand.Argument], timeout: Duration?) -> EventLoopFuture<
        RESPValue
    > {
        // In a cluster, on every master: the EVALSHA may be redirected (ASK, MOVED) to a master that never ran it.
        let load: EventLoopFuture<RESPValue> =
            self.isCluster
            ? self.clusterLoadOnEveryMaster(
                script.source,
                slot: keys.first.map { RedisClusterSlot(key: $0) },
                deadline: .now() + TimeAmount(timeout ?? self.configuration.commandTimeout)
            )
            : self.send(.scriptLoad(script.source), timeout: timeout)
        return load.flatMap { reply in
            guard let sha = reply.string else {
                return load.eventLoop.makeFailedFuture(RedisClientError(.protocol, "SCRIPT LOAD did not return a SHA"))
            }
            self.scriptHashes.withLock { $0[script.name] = sha }
            return self.send(.evalsha(sha, keys: keys, arguments: arguments), timeout: timeout)
        }
    }
}
