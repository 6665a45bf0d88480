import NIOCore

extension HTTP1RequestScanner {
    /// The request at the start of `buffer`, as ``scan(_:previous:)`` reads it, with `last` the head this connection
    /// scanned before: when `buffer` starts with exactly that head, its request is `last`'s again and only its body is
    /// looked for (the same bytes always scan to the same request); otherwise the head is scanned, reusing `last`'s
    /// strings where they match, and kept as the new `last` when it is a request's (small enough:
    /// ``ScannedHead/maximumBytes``).
    func scan(_ buffer: ByteBuffer, remembering last: inout ScannedHead?) -> Outcome {
        if let repeated = last, let outcome = Self.again(repeated, in: buffer) { return outcome }
        let outcome = self.scan(buffer, previous: last?.hit)
        let kept: (hit: HitRequest, headLength: Int, contentLength: Int?)
        switch outcome {
        case .request(let request):
            let bodyLength = request.body?.readableBytes
            kept = (request.hit, request.length - (bodyLength ?? 0), bodyLength)
        case .incompleteBody(let hit, let bodyLength, let length):
            kept = (hit, length - bodyLength, bodyLength)
        case .incomplete, .declined:
            return outcome
        }
        last = buffer.withUnsafeReadableBytes { bytes in
            ScannedHead(bytes: UnsafeRawBufferPointer(rebasing: bytes[..<kept.headLength]), hit: kept.hit, contentLength: kept.contentLength)
        }
        return outcome
    }

    /// `head`'s request again, when `buffer` starts with its bytes (nil: scan it).
    private static func again(_ head: ScannedHead, in buffer: ByteBuffer) -> Outcome? {
        let headLength = head.bytes.count
        guard buffer.readableBytes >= headLength else { return nil }
        let same = buffer.withUnsafeReadableBytes { bytes in
            head.bytes.withUnsafeBytes { ConstantTimeBytes.same(UnsafeRawBufferPointer(rebasing: bytes[..<headLength]), $0) }
        }
        guard same else { return nil }
        guard head.hit.method == .post, let bodyLength = head.contentLength else {
            return .request(Request(hit: head.hit, body: nil, length: headLength))
        }
        guard buffer.readableBytes - headLength >= bodyLength else {
            return .incompleteBody(hit: head.hit, bodyLength: bodyLength, length: headLength + bodyLength)
        }
        return .request(
            Request(hit: head.hit, body: buffer.getSlice(at: buffer.readerIndex + headLength, length: bodyLength), length: headLength + bodyLength)
        )
    }
}
