import CCurl
import CCurlShim
import Foundation
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The engine's HTTP client for its upstreams, on libcurl's easy interface.
///
/// Transfers run on a dedicated thread pool (libcurl's easy interface blocks), at most `threads` at once; each
/// thread takes a reusable easy handle from a small cache, so keep-alive connections and TLS sessions survive
/// between requests. Every transfer has a timeout, a response size cap and only `http`/`https`; cancelling the
/// calling task aborts the transfer within a progress tick. A `Service`: the pool stops on graceful shutdown.
public final class CurlHTTPClient: UpstreamHTTPClient, Service {
    private let threadPool: NIOThreadPool
    private let handles = Mutex<[CurlHandle]>([])
    let maxResponseBytes: Int
    let userAgent: String

    public init(threads: Int, maxResponseBytes: Int = 16 << 20, userAgent: String) {
        CurlGlobal.initializeOnce()
        self.threadPool = NIOThreadPool(numberOfThreads: threads)
        self.threadPool.start()
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await self.shutdown()
    }

    /// Stops the thread pool (after running transfers finish) and frees the cached handles.
    public func shutdown() async {
        try? await self.threadPool.shutdownGracefully()
        let cached = self.handles.withLock { handles in
            defer { handles.removeAll() }
            return handles
        }
        for handle in cached { curl_easy_cleanup(handle.raw) }
    }

    public func execute(_ request: UpstreamHTTPRequest) async throws(UpstreamHTTPError) -> UpstreamHTTPResponse {
        let cancelled = CancellationFlag()
        let outcome: Result<UpstreamHTTPResponse, UpstreamHTTPError>
        do {
            outcome = try await withTaskCancellationHandler {
                try await self.threadPool.runIfActive { [maxResponseBytes, userAgent] in
                    Self.perform(request, handle: self.takeHandle(), limit: maxResponseBytes, userAgent: userAgent, cancelled: cancelled) {
                        self.returnHandle($0)
                    }
                }
            } onCancel: {
                cancelled.cancel()
            }
        } catch {
            throw UpstreamHTTPError(kind: .cancelled, detail: "the HTTP client is shutting down")
        }
        return try outcome.get()
    }

    private func takeHandle() -> CurlHandle {
        if let cached = self.handles.withLock({ $0.popLast() }) {
            curl_easy_reset(cached.raw)
            return cached
        }
        return CurlHandle(raw: curl_easy_init())
    }

    private func returnHandle(_ handle: CurlHandle) {
        let keep = self.handles.withLock { handles -> Bool in
            guard handles.count < 32 else { return false }
            handles.append(handle)
            return true
        }
        if !keep { curl_easy_cleanup(handle.raw) }
    }
}

/// Set from the calling task's cancellation handler, read by libcurl's progress callback on the pool thread.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func cancel() { self.flag.store(true, ordering: .relaxed) }
    var isCancelled: Bool { self.flag.load(ordering: .relaxed) }
}

/// An easy handle, used by one thread at a time (taken from and returned to the cache under a lock).
struct CurlHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// `curl_global_init` must run once, before any other thread uses libcurl.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func initializeOnce() { _ = Self.initialized }
}
