#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the engine's socket is when `engine.socket` is not set, the same for the gateway and the engine of one
/// user: a private runtime directory, never a shared one another user could create first.
///
/// - `$XDG_RUNTIME_DIR/tagpulse/engine.sock` when `XDG_RUNTIME_DIR` is an absolute path (systemd makes it 0700,
///   owned by the user) and the socket path fits in 100 bytes;
/// - else `/tmp/tagpulse-<uid>/engine.sock`, the directory created 0700 by the engine (which refuses it when another
///   user made it first, or anyone else can write to it).
public enum EngineSocketLocation {
    /// The default for this process's environment.
    public static func defaultPath() -> String {
        var environment: [String: String] = [:]
        if let runtime = getenv("XDG_RUNTIME_DIR") { environment["XDG_RUNTIME_DIR"] = String(cString: runtime) }
        return Self.defaultPath(environment: environment)
    }

    public static func defaultPath(environment: [String: String], uid: UInt32 = PeerCredentials.currentUID) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            let base = runtime.hasSuffix("/") ? String(runtime.dropLast()) : runtime
            let path = base + "/tagpulse/engine.sock"
            if path.utf8.count <= 100 { return path }
        }
        return "/tmp/tagpulse-\(uid)/engine.sock"
    }
}
