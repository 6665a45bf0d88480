import TagPulseSettings
import Testing

@testable import TagPulseGateway

@Suite("Warm-up configuration keys")
struct WarmConfigurationTests {
    func configuration(_ environment: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(source: ConfigSource(environment: environment))
    }

    @Test func defaults() throws {
        let warm = try self.configuration([:]).warm
        #expect(warm.maxItems == 1000)
        #expect(warm.maxConcurrency == 2)
        #expect(warm.maxRunningJobs == 2)
        #expect(warm.maxQueuedJobs == 100)
        #expect(warm.jobTTL == .seconds(86_400))
        #expect(warm.itemTimeout == .seconds(120))
        #expect(warm.maxBodyBytes == 1 << 20)
        #expect(warm.stallAfter == .seconds(30))
        #expect(warm.heartbeatInterval == .seconds(5))
    }

    @Test func everyKeyFromTheEnvironment() throws {
        let warm = try self.configuration([
            "TAGPULSE_WARM_MAX_ITEMS": "50",
            "TAGPULSE_WARM_MAX_CONCURRENCY": "4",
            "TAGPULSE_WARM_MAX_RUNNING_JOBS": "3",
            "TAGPULSE_WARM_MAX_QUEUED_JOBS": "0",
            "TAGPULSE_WARM_JOB_TTL_S": "3600",
            "TAGPULSE_WARM_ITEM_TIMEOUT_MS": "5000",
            "TAGPULSE_WARM_MAX_BODY_BYTES": "2048",
            "TAGPULSE_WARM_HEARTBEAT_MS": "1000",
            "TAGPULSE_WARM_STALL_AFTER_MS": "3000",
        ]).warm
        #expect(warm.maxItems == 50)
        #expect(warm.maxConcurrency == 4)
        #expect(warm.maxRunningJobs == 3)
        #expect(warm.maxQueuedJobs == 0)
        #expect(warm.jobTTL == .seconds(3600))
        #expect(warm.itemTimeout == .milliseconds(5000))
        #expect(warm.maxBodyBytes == 2048)
        #expect(warm.heartbeatInterval == .milliseconds(1000))
        #expect(warm.stallAfter == .milliseconds(3000))
    }

    @Test func aStallThresholdShorterThanThreeHeartbeatsIsRefused() {
        #expect {
            _ = try self.configuration(["TAGPULSE_WARM_HEARTBEAT_MS": "5000", "TAGPULSE_WARM_STALL_AFTER_MS": "10000"])
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.key == "TAGPULSE_WARM_STALL_AFTER_MS" && error?.message.contains("3 × warm.heartbeat_ms (15000)") == true
        }
    }

    @Test(arguments: [
        ("TAGPULSE_WARM_MAX_ITEMS", "0"),
        ("TAGPULSE_WARM_MAX_CONCURRENCY", "33"),
        ("TAGPULSE_WARM_MAX_RUNNING_JOBS", "0"),
        ("TAGPULSE_WARM_JOB_TTL_S", "59"),
        ("TAGPULSE_WARM_ITEM_TIMEOUT_MS", "soon"),
        ("TAGPULSE_WARM_MAX_BODY_BYTES", "100"),
        ("TAGPULSE_WARM_HEARTBEAT_MS", "99"),
        ("TAGPULSE_WARM_STALL_AFTER_MS", "forever"),
    ])
    func outOfRangeValuesNameTheVariable(variable: String, value: String) {
        #expect {
            _ = try self.configuration([variable: value])
        } throws: { error in
            (error as? ConfigurationError)?.key == variable
        }
    }
}
