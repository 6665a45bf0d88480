import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who is at the other end of a Unix socket, as the kernel says (Linux `SO_PEERCRED`: the peer's pid, uid and gid
/// when it connected or listened). Gateway and engine check the uid, so a process of another user that took over
/// the socket path, or connected to it, is refused.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// Why a peer's credentials could not be checked, or did not pass.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The channel is not a Unix socket of this platform (no `SO_PEERCRED`).
        case unsupported
        /// The peer runs as another user.
        case uidMismatch(peer: UInt32, expected: UInt32)

        public var description: String {
            switch self {
            case .unsupported: "the peer's credentials cannot be read on this socket"
            case .uidMismatch(let peer, let expected): "the peer runs as uid \(peer), not the expected uid \(expected)"
            }
        }
    }

    /// This process's effective uid: the default expected of the peer.
    public static var currentUID: UInt32 { UInt32(geteuid()) }

    /// The credentials of `channel`'s peer (on its event loop).
    public static func of(_ channel: any Channel) -> EventLoopFuture<PeerCredentials> {
        #if os(Linux)
            guard let provider = channel as? any SocketOptionProvider else {
                return channel.eventLoop.makeFailedFuture(Failure.unsupported)
            }
            let raw: EventLoopFuture<RawCredentials> = provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET),
                name: SocketOptionName(SO_PEERCRED)
            )
            return raw.map { PeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid) }
        #else
            return channel.eventLoop.makeFailedFuture(Failure.unsupported)
        #endif
    }

    /// The credentials of `channel`'s peer when it runs as `expectedUID`; fails with ``Failure/uidMismatch(peer:expected:)``
    /// otherwise.
    public static func check(_ channel: any Channel, expectedUID: UInt32) -> EventLoopFuture<PeerCredentials> {
        Self.of(channel).flatMapThrowing { credentials in
            guard credentials.uid == expectedUID else { throw Failure.uidMismatch(peer: credentials.uid, expected: expectedUID) }
            return credentials
        }
    }
}

/// Linux's `struct ucred`, laid out as the kernel writes it.
private struct RawCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
