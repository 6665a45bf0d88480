// The floor through SwiftNIO: bench/cache-hit/floor/floor.c's work (count each request's end, answer it with one fixed
// response) done by one NIO channel handler on NIO's event loop, channel and pending-writes machinery, with no HTTP
// codec, no parsing, no auth, no cache. The difference to floor.c is what NIO itself costs per response; the
// difference to the gateway is what the gateway's hit path costs on top of it. Used by
// bench/cache-hit/scripts/floor.sh (`NIO_FLOOR=1`); not part of the product.
//
//   nio-floor --port N --file BODY_FILE [--mode sendfile|writev] [--threads 1]
//
// sendfile (default): the head, then the body as a `FileRegion` (`sendfile(2)`), as the gateway sends a large hot
// body; writev: head and body from memory in one buffer write.
import BenchSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

let arguments = BenchArguments()
guard let path = arguments.options["file"] else { fatalError("usage: nio-floor --port N --file BODY_FILE [--mode sendfile|writev]") }
let sendsFile = (arguments.options["mode"] ?? "sendfile") == "sendfile"
let descriptor = open(path, O_RDONLY | O_CLOEXEC)
guard descriptor >= 0 else { fatalError("cannot open \(path)") }
let length = Int(lseek(descriptor, 0, SEEK_END))
var bodyBytes = [UInt8](repeating: 0, count: length)
guard pread(descriptor, &bodyBytes, length, 0) == length else { fatalError("cannot read \(path)") }
let body = ByteBuffer(bytes: bodyBytes)
let head = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\r\n")
let whole = {
    var bytes = head
    bytes.writeImmutableBuffer(body)
    return bytes
}()

/// One per event loop: `NIOFileHandle` takes one user at a time (the gateway's `HotBodyFile` does the same).
let handles = PerLoopHandles(descriptor: descriptor)

final class PerLoopHandles: @unchecked Sendable {
    // @unchecked: filled once per loop under the lock, read on that loop only afterwards.
    private let descriptor: CInt
    private var handles: [ObjectIdentifier: NIOFileHandle] = [:]
    private let lock = NIOLock()

    init(descriptor: CInt) { self.descriptor = descriptor }

    func handle(on loop: any EventLoop) -> NIOFileHandle {
        self.lock.withLock {
            if let handle = self.handles[ObjectIdentifier(loop)] { return handle }
            let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: dup(self.descriptor))
            self.handles[ObjectIdentifier(loop)] = handle
            return handle
        }
    }
}

final class FloorHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = IOData

    /// The last three bytes read, for a request end split across reads.
    private var tail: (UInt8, UInt8, UInt8) = (0, 0, 0)
    private var needsFlush = false
    private var file: NIOFileHandle?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = self.unwrapInboundIn(data)
        var ends = 0
        bytes.withUnsafeReadableBytes { raw in
            for byte in raw {
                if byte == UInt8(ascii: "\n"), self.tail == (UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "\r")) { ends += 1 }
                self.tail = (self.tail.1, self.tail.2, byte)
            }
        }
        for _ in 0..<ends {
            if sendsFile {
                let file = self.file ?? handles.handle(on: context.eventLoop)
                self.file = file
                context.write(self.wrapOutboundOut(.byteBuffer(head)), promise: nil)
                context.write(self.wrapOutboundOut(.fileRegion(FileRegion(fileHandle: file, readerIndex: 0, endIndex: length))), promise: nil)
            } else {
                context.write(self.wrapOutboundOut(.byteBuffer(whole)), promise: nil)
            }
            self.needsFlush = true
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
    }
}

let group = eventLoopGroup(arguments)
let channel = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(FloorHandler())
        }
    }
    .bind(host: loopback, port: arguments.port)
    .get()
print("nio-floor listening on \(loopback):\(arguments.port) (\(sendsFile ? "sendfile" : "writev"), \(length)-byte body)")
try await channel.closeFuture.get()
