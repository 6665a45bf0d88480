#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Writes whole buffers to a file descriptor: retries short writes and EINTR, throws on any other error.
struct OutputDescriptor {
    let descriptor: Int32

    func writeAll(_ bytes: [UInt8]) throws(ClassifyIOError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw ClassifyIOError(operation: .write, errno: failure) }
    }
}
