// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "tagpulse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tagpulse-gateway", targets: ["tagpulse-gateway"]),
        .executable(name: "tagpulse-engine", targets: ["tagpulse-engine"]),
        .executable(name: "tagpulse", targets: ["tagpulse"]),
        // For the benchmarks under bench/, which build against the package by path.
        .library(name: "TagPulseRedis", targets: ["TagPulseRedis"]),
        .library(name: "TagPulseAccess", targets: ["TagPulseAccess"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Already in Hummingbird's graph; named because GatewayHTTP1Channel uses HTTP1ToHTTPServerCodec (decision 0001).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Build-time embedding: the EmbedPlugin runs tagpulse-embed on a target's `embed.list` (data tables, Lua
        // scripts, the OpenAPI document) and compiles the files in as string constants; no generated Swift in git.
        .executableTarget(name: "tagpulse-embed", path: "Sources/tagpulse-embed"),
        .plugin(
            name: "EmbedPlugin",
            capability: .buildTool(),
            dependencies: ["tagpulse-embed"],
            path: "Sources/EmbedPlugin"
        ),

        // C libraries from Debian (libhiredis-dev, libcurl4-openssl-dev), found through pkg-config.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Typed wrappers for libcurl's variadic functions, which Swift cannot call.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),

        // Reconnect backoff shared by the clients (engine client, Redis client); the counting limit shared by the engine's
        // and the gateway's admission and the gateway's hot-body descriptors.
        .target(name: "TagPulseResilience", swiftSettings: swiftSettings),
        // Redis client: SwiftNIO transport, hiredis's protocol reader; pooling, pipelining, scripts, pub/sub, Sentinel.
        .target(
            name: "TagPulseRedis",
            dependencies: [
                "CHiredis",
                "TagPulseResilience",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by gateway and engine: frames, envelopes, analysis request/response models.
        .target(
            name: "TagPulseWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The response cache's pure parts: keys, entries and their codec, gzip, and the HTTP caching headers.
        .target(
            name: "TagPulseCache",
            dependencies: [
                "TagPulseRedis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "TagPulseWire",
                "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["embed.list"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedPlugin"]
        ),
        // Layered configuration (defaults < config file < environment) with errors that name the key, and the servers'
        // command line (`--config`, `--check`, `--print-config`).
        .target(
            name: "TagPulseSettings",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Log and metrics set-up shared by the executables (bootstrapped only in each `main`), and the Prometheus
        // exposition of the metrics.
        .target(
            name: "TagPulseTelemetry",
            dependencies: [
                "TagPulseSettings",
                "TagPulseWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The deterministic, offline comment classifier (sentiment, purchase intent, theme, relevance).
        .target(
            name: "TagPulseLocalAnalysis",
            exclude: ["embed.list", "Tables"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedPlugin"]
        ),
        // HTTP over libcurl's easy interface on a thread pool: the engine's upstream calls and the CLI's gateway calls.
        .target(
            name: "TagPulseHTTPClient",
            dependencies: [
                "CCurl",
                "CCurlShim",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TagPulseTracing",
            dependencies: [
                "TagPulseHTTPClient",
                "TagPulseSettings",
                "TagPulseWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TagPulseEngine",
            dependencies: [
                "TagPulseWire",
                "TagPulseResilience",
                "TagPulseSettings",
                "TagPulseLocalAnalysis",
                "TagPulseHTTPClient",
                "TagPulseTracing",
                "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/corpus")],
            swiftSettings: swiftSettings
        ),
        // API keys and distributed rate limiting (GCRA in Lua), shared by the gateway and the `tagpulse` CLI.
        .target(
            name: "TagPulseAccess",
            dependencies: [
                "TagPulseRedis",
                "TagPulseSettings",
                "TagPulseWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            exclude: ["embed.list"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedPlugin"]
        ),
        .target(
            name: "TagPulseGateway",
            dependencies: [
                "TagPulseAccess",
                "TagPulseCache",
                // Not used directly: TagPulseCache's gzip is built on it, and its importers need the module map.
                "CZlib",
                "TagPulseWire",
                "TagPulseRedis",
                "TagPulseResilience",
                "TagPulseSettings",
                "TagPulseTelemetry",
                "TagPulseTracing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The OpenAPI document and a Lua script are compiled in by the EmbedPlugin (`embed.list`), so the binary
            // needs no resource bundle.
            exclude: ["embed.list", "Resources/openapi.json"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedPlugin"]
        ),
        .executableTarget(
            name: "tagpulse-engine",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "TagPulseWire",
                "TagPulseEngine",
                "TagPulseTelemetry",
                "TagPulseSettings",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tagpulse-gateway",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "TagPulseWire",
                "TagPulseGateway",
                "TagPulseTelemetry",
                "TagPulseSettings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `tagpulse keys` and `tagpulse purge`: the key store and the cache's purge marks straight through Redis (no
        // gateway needed); `tagpulse warm`: warm-up jobs through a gateway's HTTP API. A library so tests can reach it.
        .target(
            name: "TagPulseCLI",
            dependencies: [
                "TagPulseAccess",
                "TagPulseCache",
                "TagPulseHTTPClient",
                "TagPulseLocalAnalysis",
                // Not used directly: TagPulseCache's gzip is built on it, and its importers need the module map.
                "CZlib",
                "TagPulseRedis",
                "TagPulseSettings",
                "TagPulseWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tagpulse",
            dependencies: [
                "TagPulseCLI",
                "TagPulseAccess",
                "TagPulseRedis",
                "TagPulseSettings",
                "TagPulseWire",
                "TagPulseLocalAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Fakes of the real upstreams (RapidAPI, OpenAI) that speak their wire formats over real HTTP.
        .target(
            name: "TagPulseTestSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/TagPulseTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseResilienceTests",
            dependencies: ["TagPulseResilience"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseWireTests",
            dependencies: [
                "TagPulseWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseRedisTests",
            dependencies: [
                "TagPulseRedis",
                "TagPulseTestSupport",
                "TagPulseResilience",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseAccessTests",
            dependencies: [
                "TagPulseTestSupport",
                "TagPulseAccess",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                "TagPulseRedis",
                "TagPulseSettings",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseCLITests",
            dependencies: [
                "TagPulseCLI",
                "TagPulseAccess",
                "TagPulseCache",
                "TagPulseLocalAnalysis",
                "TagPulseTestSupport",
                "TagPulseRedis",
                "TagPulseSettings",
                "TagPulseWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseCacheTests",
            dependencies: [
                "TagPulseTestSupport",
                "TagPulseCache",
                "TagPulseRedis",
                .product(name: "Logging", package: "swift-log"),
                "TagPulseWire",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TagPulseSettingsTests", dependencies: ["TagPulseSettings"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TagPulseTelemetryTests",
            dependencies: ["TagPulseTelemetry", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseLocalAnalysisTests",
            dependencies: ["TagPulseLocalAnalysis"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseEmbedTests",
            dependencies: ["tagpulse-embed", "TagPulseLocalAnalysis"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseTracingTests",
            dependencies: [
                "TagPulseTracing",
                "TagPulseHTTPClient",
                "TagPulseSettings",
                "TagPulseWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseEngineTests",
            dependencies: [
                "TagPulseEngine",
                "TagPulseResilience",
                "TagPulseHTTPClient",
                "TagPulseTestSupport",
                "TagPulseTracing",
                "TagPulseWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseGatewayTests",
            dependencies: [
                "TagPulseAccess",
                "TagPulseGateway",
                "TagPulseResilience",
                "TagPulseTestSupport",
                "TagPulseTelemetry",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "TagPulseRedis",
                "TagPulseCache",
                "TagPulseSettings",
                "TagPulseTracing",
                "TagPulseWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            exclude: ["Edge/Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagPulseEndToEndTests",
            dependencies: [
                "TagPulseTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
