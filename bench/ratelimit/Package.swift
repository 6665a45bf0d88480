// swift-tools-version:6.2
// Rate-limit benchmark: RateLimiter (GCRA in Lua, one EVALSHA per decision) against redis-benchmark. See README.md.
import Foundation
import PackageDescription

// A path dependency's identity is its directory name (the checkout's name), so derive it instead of hard-coding it.
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "ratelimit-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "ratelimit-bench",
            dependencies: [
                .product(name: "TagPulseAccess", package: rootIdentity),
                .product(name: "TagPulseRedis", package: rootIdentity),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ]
)
