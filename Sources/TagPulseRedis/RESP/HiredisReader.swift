import CHiredis
import NIOCore

/// hiredis's RESP2 protocol reader (`redisReader`), turning bytes into ``RESPValue``s.
///
/// Bytes are fed as they arrive; each complete reply is converted to a ``RESPValue`` and its `redisReply` tree freed
/// at once. hiredis bounds nesting (7 levels) itself; this type bounds the bytes buffered for one reply. After an
/// error the reader is unusable: the connection that owns it must be closed.
final class HiredisReader {
    private let reader: UnsafeMutablePointer<redisReader>
    private let maximumBufferedBytes: Int
    private let allocator: ByteBufferAllocator

    /// - Parameters:
    ///   - maximumBufferedBytes: the largest incomplete reply kept in memory before failing with a protocol error.
    ///   - retainedBufferBytes: hiredis's `maxbuf`: an idle read buffer larger than this is freed.
    init(maximumBufferedBytes: Int, retainedBufferBytes: Int = 64 * 1024, allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        self.reader = redisReaderCreateWithFunctions(hiredisNullArrayAwareFunctions)
        self.reader.pointee.maxbuf = retainedBufferBytes
        self.maximumBufferedBytes = maximumBufferedBytes
        self.allocator = allocator
    }

    deinit {
        redisReaderFree(self.reader)
    }

    /// Bytes fed but not yet consumed by a complete reply.
    var bufferedBytes: Int { self.reader.pointee.len - self.reader.pointee.pos }

    /// Appends bytes to the reader's buffer.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(RedisClientError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard redisReaderFeed(self.reader, base.assumingMemoryBound(to: CChar.self), bytes.count) == REDIS_OK else {
            throw RedisClientError(.protocol, "the reply reader could not buffer the input")
        }
        if self.bufferedBytes > self.maximumBufferedBytes {
            throw RedisClientError(.protocol, "a reply exceeds the maximum reply size")
        }
    }

    /// The next complete reply, or nil when more bytes are needed.
    func next() throws(RedisClientError) -> RESPValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(self.reader, &raw) == REDIS_OK else {
            let reason = withUnsafeBytes(of: self.reader.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw RedisClientError(.protocol, "invalid RESP: \(reason)")
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return self.convert(raw.assumingMemoryBound(to: redisReply.self))
    }

    private func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RESPValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            var buffer = self.allocator.buffer(capacity: node.len)
            if node.len > 0, let bytes = node.str {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: node.len))
            }
            return .bulkString(buffer)
        case REDIS_REPLY_STATUS:
            return .simpleString(Self.text(node))
        case REDIS_REPLY_ERROR:
            return .error(Self.text(node))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(node.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let element = node.element[index] { elements.append(self.convert(element)) }
            }
            return .array(elements)
        default:  // REDIS_REPLY_NIL; `integer` is 1 when it came from `*-1` (see the functions below).
            return node.integer == nullArrayMarker ? .array(nil) : .bulkString(nil)
        }
    }

    private static func text(_ node: redisReply) -> String {
        guard let bytes = node.str, node.len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: node.len), as: UTF8.self)
    }
}

/// Marks a `REDIS_REPLY_NIL` created for a null array, in its otherwise unused `integer` field.
private let nullArrayMarker: Int64 = 1

/// hiredis's default reply functions (the ones `redisReaderCreate` uses), read once.
private let hiredisDefaultFunctions: redisReplyObjectFunctions = {
    let probe = redisReaderCreate()!
    defer { redisReaderFree(probe) }
    return probe.pointee.fn.pointee
}()

/// The default functions, except that a nil created for `*-1` (task type array) is marked, so the null array and the
/// null bulk string stay distinct (hiredis 0.14 turns both into `REDIS_REPLY_NIL`).
nonisolated(unsafe) private let hiredisNullArrayAwareFunctions: UnsafeMutablePointer<redisReplyObjectFunctions> = {
    let table = UnsafeMutablePointer<redisReplyObjectFunctions>.allocate(capacity: 1)
    table.initialize(to: hiredisDefaultFunctions)
    table.pointee.createNil = { task in
        let object = hiredisDefaultFunctions.createNil(task)
        if let object, let task, task.pointee.type == REDIS_REPLY_ARRAY {
            object.assumingMemoryBound(to: redisReply.self).pointee.integer = nullArrayMarker
        }
        return object
    }
    return table
}()
