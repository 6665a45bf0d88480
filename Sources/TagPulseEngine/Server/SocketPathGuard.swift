#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes the socket path ready to bind: creates its directory (mode 0700), refuses a directory that is not this
/// user's or that anyone else can write to (another user could otherwise swap the socket: issue #15), removes a
/// stale socket file left by a dead engine, and refuses when a live engine still answers on it or when the path is
/// not a socket.
enum SocketPathGuard {
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    static func prepare(path: String, owner: UInt32 = UInt32(geteuid())) throws(Refusal) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty { try Self.makeDirectories(directory) }
        try Self.checkPrivate(directory: directory.isEmpty ? "/" : directory, owner: owner)
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

    /// The socket's directory must be a real directory (not a symbolic link), owned by `owner`, and writable by
    /// neither its group nor others (a sticky world-writable one like /tmp included): only then can nobody else
    /// replace the socket file or the path to it.
    static func checkPrivate(directory: String, owner: UInt32) throws(Refusal) {
        var status = stat()
        guard lstat(directory, &status) == 0 else {
            throw Refusal(description: "cannot inspect the socket directory \(directory) (errno \(errno))")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw Refusal(description: "the socket directory \(directory) is not a directory (a symbolic link?); refusing it")
        }
        guard UInt32(status.st_uid) == owner else {
            throw Refusal(
                description: "the socket directory \(directory) belongs to uid \(status.st_uid), not this engine's uid \(owner): "
                    + "another user could replace the socket; use a directory of your own (engine.socket)"
            )
        }
        guard status.st_mode & 0o022 == 0 else {
            throw Refusal(
                description: "the socket directory \(directory) is writable by its group or others (mode "
                    + String(status.st_mode & 0o7777, radix: 8) + "): another user could replace the socket; chmod go-w it or use another"
            )
        }
    }

    static func makeDirectories(_ directory: String) throws(Refusal) {
        var current = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            current += "/\(component)"
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw Refusal(description: "cannot create the socket directory \(current) (errno \(errno))")
            }
        }
    }
}
