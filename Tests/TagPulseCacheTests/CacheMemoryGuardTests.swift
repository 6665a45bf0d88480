import Testing

@testable import TagPulseCache

struct CacheMemoryGuardTests {
    func info(used: Int, maximum: Int, policy: String = "noeviction") -> String {
        "# Memory\r\nused_memory:\(used)\r\nused_memory_human:1M\r\nmaxmemory:\(maximum)\r\nmaxmemory_policy:\(policy)\r\n"
    }

    @Test func closesAboveTheThresholdOfANonEvictingRedis() {
        #expect(CacheMemoryGuard.admitsWrites(info: self.info(used: 89, maximum: 100), threshold: 0.9))
        #expect(!CacheMemoryGuard.admitsWrites(info: self.info(used: 90, maximum: 100), threshold: 0.9))
        #expect(!CacheMemoryGuard.admitsWrites(info: self.info(used: 120, maximum: 100), threshold: 0.9))
    }

    @Test func staysOpenWithoutALimitOrWithEviction() {
        #expect(CacheMemoryGuard.admitsWrites(info: self.info(used: 1_000_000, maximum: 0), threshold: 0.9))
        #expect(CacheMemoryGuard.admitsWrites(info: self.info(used: 99, maximum: 100, policy: "allkeys-lfu"), threshold: 0.9))
        #expect(CacheMemoryGuard.admitsWrites(info: "garbage", threshold: 0.9))
    }
}
