import Logging

extension WarmRunner {
    /// Every `heartbeatInterval`, looks through the indexed jobs for one whose owner stopped heartbeating for
    /// `stallAfter` and, while this instance has room, takes it over (`redis/warm-claim.lua`: only if its owner and
    /// heartbeat are still the ones read, so one instance wins) and runs its unfinished items — pending ones and those
    /// the dead owner had started — from where it stopped. Finished and expired jobs leave the index.
    func takeOverStalledJobs() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: self.settings.heartbeatInterval)
            } catch {
                return
            }
            await self.takeOverStalledJobsOnce()
        }
    }

    /// One pass of ``takeOverStalledJobs()``; returns the ids taken over.
    @discardableResult
    func takeOverStalledJobsOnce() async -> [WarmJobID] {
        guard !self.isStopping, let ids = try? await self.store.indexed(count: 64) else { return [] }
        let capacity = self.settings.maxRunningJobs + self.settings.maxQueuedJobs
        var taken: [WarmJobID] = []
        for id in ids where self.held.withLock({ $0[id] == nil }) {
            let stored: WarmJobState?
            do {
                stored = try await self.store.read(id)
            } catch {
                continue
            }
            guard let job = stored else {
                try? await self.store.unindex(id)  // expired
                continue
            }
            if job.phase.isFinished {
                try? await self.store.unindex(id)
                continue
            }
            let now = self.nowMilliseconds()
            guard job.isStalled(now: now, stallAfter: self.settings.stallAfter), let requests = job.requests else { continue }
            let reserved = self.held.withLock { held in
                guard !self.isStopping, held.count < capacity else { return false }
                guard held[id] == nil else { return false }
                held[id] = .claiming
                return true
            }
            guard reserved else { return taken }
            guard (try? await self.store.claim(job, owner: self.owner, now: now)) == true else {
                _ = self.held.withLock { $0.removeValue(forKey: id) }
                continue
            }
            self.held.withLock { $0[id] = .owned }
            let pending = job.items.indices.filter { !job.items[$0].status.isFinished }
            self.logger.info(
                "gateway.warm.job_resumed",
                metadata: ["warm.job": "\(id)", "warm.previous_owner": "\(job.owner)", "warm.items": .stringConvertible(pending.count)]
            )
            self.continuation.yield(Job(id: id, items: requests, concurrency: job.concurrency, pending: pending))
            taken.append(id)
        }
        return taken
    }
}
