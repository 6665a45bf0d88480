#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes the socket path ready to bind: creates its directory (mode 0750), removes a stale socket file left by
/// a dead engine, and refuses when a live engine still answers on it or when the path is not a socket.
enum SocketPathGuard {
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    static func prepare(path: String) throws(Refusal) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty { try Self.makeDirectories(directory) }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }  // nothing there
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw Refusal(description: "\(path) exists and is not a socket; refusing to replace it")
        }
        if Self.somebodyAnswers(at: path) {
            throw Refusal(description: "another engine is already listening on \(path)")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw Refusal(description: "cannot remove the stale socket \(path) (errno \(errno))")
        }
    }

    /// True when a connect(2) to the socket succeeds: a live process is accepting on it.
    static func somebodyAnswers(at path: String) -> Bool {
        #if canImport(Darwin)
            let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #else
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    static func makeDirectories(_ directory: String) throws(Refusal) {
        var current = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            current += "/\(component)"
            if mkdir(current, 0o750) != 0 && errno != EEXIST {
                throw Refusal(description: "cannot create the socket directory \(current) (errno \(errno))")
            }
        }
    }
}
