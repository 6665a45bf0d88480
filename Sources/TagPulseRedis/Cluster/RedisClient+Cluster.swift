import NIOCore

extension RedisClient {
    /// Sends a key-less `command` (`INFO`, `SCAN`, `DBSIZE`…) to every master of the cluster, or to the one server
    /// outside cluster mode; the replies in the order of the masters. Fails with `.unavailable` when a master has no
    /// connection up, and with the first failure of any of them.
    public func sendToEveryMaster(_ command: RedisCommand, timeout: Duration? = nil) async throws(RedisClientError) -> [RESPValue] {
        guard let nodes = self.clusterNodes else { return [try await self.send(command, timeout: timeout)] }
        guard let connections = nodes.connectionsToEveryMaster() else {
            nodes.requestRefresh()
            throw .unavailable
        }
        let deadline = NIODeadline.now() + TimeAmount(timeout ?? self.configuration.commandTimeout)
        var replies: [RESPValue] = []
        for future in connections.map({ $0.send(command, deadline: deadline) }) {
            replies.append(try await Self.value(of: future))
        }
        return replies
    }

    /// Sends `command` to the master of `slot` (any master when nil), or to `node` after a redirection, following
    /// `MOVED`, `ASK`, `TRYAGAIN` and `CLUSTERDOWN` as ``RedisClusterRetry`` decides, within `deadline`. Event-loop
    /// API: no task, no blocking.
    func clusterSend(
        _ command: RedisCommand,
        slot: RedisClusterSlot?,
        node: RedisServerAddress? = nil,
        asking: Bool = false,
        retry: RedisClusterRetry = RedisClusterRetry(),
        deadline: NIODeadline
    ) -> EventLoopFuture<RESPValue> {
        guard let nodes = self.clusterNodes, let connection = nodes.connection(slot: slot, node: node) else {
            self.clusterNodes?.requestRefresh()
            return self.eventLoopGroup.any().makeFailedFuture(RedisClientError.unavailable)
        }
        let future: EventLoopFuture<RESPValue>
        if asking {
            future = connection.pipeline([.asking, command], deadline: deadline).flatMapThrowing { replies in
                guard let reply = replies.last else { throw RedisClientError(.protocol, "no reply after ASKING") }
                if case .error(let message) = reply { throw RedisClientError(.server, message) }
                return reply
            }
        } else {
            future = connection.send(command, deadline: deadline)
        }
        return future.flatMapError { error in
            if let error = error as? RedisClientError, error.code != .server { nodes.requestRefresh() }
            let redirection = RedisClusterRedirection(error: error)
            var retry = retry
            let action = retry.next(after: redirection, now: .now(), deadline: deadline)
            let state = retry
            switch action {
            case .fail:
                return future.eventLoop.makeFailedFuture(error)
            case .retry(let target, let asking, let delay):
                if case .moved(let movedSlot, let master) = redirection { nodes.move(movedSlot, to: master) }
                if case .clusterDown = redirection { nodes.requestRefresh() }
                let again = { @Sendable in self.clusterSend(command, slot: slot, node: target, asking: asking, retry: state, deadline: deadline) }
                guard delay > .zero else { return again() }
                return future.eventLoop.flatScheduleTask(in: delay) { again() }.futureResult
            }
        }
    }

    /// Sends `commands` as one pipeline per master (each command to its key's master; key-less ones with the first
    /// keyed command, or to any master), replies reassembled in order. A reply that is a redirection is followed
    /// for that command alone (``clusterSend(_:slot:node:asking:retry:deadline:)``).
    func clusterPipeline(_ commands: [RedisCommand], deadline: NIODeadline) -> EventLoopFuture<[RESPValue]> {
        guard let nodes = self.clusterNodes, !commands.isEmpty else { return self.eventLoopGroup.any().makeSucceededFuture([]) }
        let slots = commands.map(\.clusterSlot)
        let defaultSlot = slots.lazy.compactMap { $0 }.first
        var batches: [(connection: RedisConnection, indices: [Int])] = []
        for (index, slot) in slots.enumerated() {
            guard let connection = nodes.connection(slot: slot ?? defaultSlot) else {
                nodes.requestRefresh()
                return self.eventLoopGroup.any().makeFailedFuture(RedisClientError.unavailable)
            }
            if let batch = batches.firstIndex(where: { $0.connection === connection || $0.connection.address == connection.address }) {
                batches[batch].indices.append(index)
            } else {
                batches.append((connection, [index]))
            }
        }
        let eventLoop = batches[0].connection.eventLoop
        let sent = batches.map { batch in
            batch.connection.pipeline(batch.indices.map { commands[$0] }, deadline: deadline).map { (batch.indices, $0) }
        }
        return EventLoopFuture.whenAllSucceed(sent, on: eventLoop).flatMap { results in
            var replies = [RESPValue](repeating: .array(nil), count: commands.count)
            for (indices, values) in results {
                for (index, value) in zip(indices, values) { replies[index] = value }
            }
            let redirected = replies.indices.filter { replies[$0].errorMessage.flatMap(RedisClusterRedirection.init(errorMessage:)) != nil }
            guard !redirected.isEmpty else { return eventLoop.makeSucceededFuture(replies) }
            let resent = redirected.map { index -> EventLoopFuture<(Int, RESPValue)> in
                let message = replies[index].errorMessage ?? ""
                var retry = RedisClusterRetry()
                let redirection = RedisClusterRedirection(errorMessage: message)
                guard case .retry(let node, let asking, _) = retry.next(after: redirection, now: .now(), deadline: deadline) else {
                    return eventLoop.makeSucceededFuture((index, replies[index]))
                }
                if case .moved(let slot, let master) = redirection { nodes.move(slot, to: master) }
                return self.clusterSend(
                    commands[index],
                    slot: slots[index] ?? defaultSlot,
                    node: node,
                    asking: asking,
                    retry: retry,
                    deadline: deadline
                )
                .map { (index, $0) }
                .flatMapErrorThrowing { error in
                    guard let error = error as? RedisClientError, error.code == .server else { throw error }
                    return (index, RESPValue.error(error.message))
                }
            }
            let firstReplies = replies
            return EventLoopFuture.whenAllSucceed(resent, on: eventLoop).map { outcomes in
                var replies = firstReplies
                for (index, value) in outcomes { replies[index] = value }
                return replies
            }
        }
    }

    /// `SCRIPT LOAD` on every master (the reply of the one serving `slot`, or the first): a script's SHA is the same
    /// everywhere, and after a redirection its `EVALSHA` runs on another master. Falls back to the slot's master alone
    /// when some master has no connection up.
    func clusterLoadOnEveryMaster(_ source: String, slot: RedisClusterSlot?, deadline: NIODeadline) -> EventLoopFuture<RESPValue> {
        guard let nodes = self.clusterNodes, let connections = nodes.connectionsToEveryMaster(), let first = connections.first else {
            return self.clusterSend(.scriptLoad(source), slot: slot, deadline: deadline)
        }
        let loads = connections.map { $0.send(.scriptLoad(source), deadline: deadline) }
        return EventLoopFuture.whenAllSucceed(loads, on: first.eventLoop).flatMapThrowing { replies in
            guard let reply = replies.first else { throw RedisClientError(.protocol, "no SCRIPT LOAD reply") }
            return reply
        }
    }
}
