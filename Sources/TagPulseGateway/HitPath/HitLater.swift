import NIOCore

/// A handler that asked a ``HitResolving`` about a request and takes its answer when it comes later
/// (``HitFrontHandler``, ``HitPathHandler``): one request at a time, so the answer is for the request it holds.
protocol HitAnswerReceiver: AnyObject {
    /// The answer to the request the handler holds; called on its event loop, once per ``HitResolution/later``, and
    /// possibly while the handler's own `resolve` call has not returned yet.
    func answered(_ answer: HitAnswer)
}

/// Where a later hit answer goes: the handler that asked, on its event loop (an answer completed on another thread
/// goes there first). A callback instead of a promise: a hit waiting for Redis makes no future, so the answer costs
/// no allocation, generic metadata look-up or hop beyond the call.
struct HitLater: Sendable {
    let eventLoop: any EventLoop
    private let receiver: NIOLoopBound<any HitAnswerReceiver>

    /// Made on `eventLoop`, by the handler that will take the answer.
    init(_ receiver: any HitAnswerReceiver, on eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.receiver = NIOLoopBound(receiver, eventLoop: eventLoop)
    }

    func answer(_ answer: HitAnswer) {
        if self.eventLoop.inEventLoop {
            self.receiver.value.answered(answer)
        } else {
            self.eventLoop.execute { self.receiver.value.answered(answer) }
        }
    }
}
