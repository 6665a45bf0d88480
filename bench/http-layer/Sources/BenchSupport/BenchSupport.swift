#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import NIOCore
public import NIOPosix

/// Tiny command line parsing shared by the three servers: `--port N`, `--body PATH` and free-form `--key value` options.
public struct BenchArguments: Sendable {
    public var port: Int = 8080
    public var bodyPath: String = "body.json"
    public var options: [String: String] = [:]

    public init(_ arguments: [String] = CommandLine.arguments) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--"), let value = iterator.next() else {
                fatalError("usage: \(arguments.first ?? "server") --port N [--body PATH] [--option value ...]")
            }
            switch argument {
            case "--port":
                guard let port = Int(value) else { fatalError("--port needs a number") }
                self.port = port
            case "--body": self.bodyPath = value
            default: self.options[String(argument.dropFirst(2))] = value
            }
        }
    }
}

/// The response body every server answers `GET /body` with: read once at start-up, served from memory.
public func loadBody(path: String) -> ByteBuffer {
    guard let file = fopen(path, "rb") else { fatalError("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    precondition(bytes.count == 2048, "\(path) must be exactly 2048 bytes, is \(bytes.count)")
    return ByteBuffer(bytes: bytes)
}

/// `--threads N`: event loop threads; default one per core (what `MultiThreadedEventLoopGroup.singleton` uses).
public func eventLoopGroup(_ arguments: BenchArguments) -> MultiThreadedEventLoopGroup {
    if let threads = arguments.options["threads"].flatMap(Int.init) {
        return MultiThreadedEventLoopGroup(numberOfThreads: threads)
    }
    return MultiThreadedEventLoopGroup.singleton
}

/// The only address any benchmark server binds to.
public let loopback = "127.0.0.1"
