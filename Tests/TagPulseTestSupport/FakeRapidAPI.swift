import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A fake of the RapidAPI TikTok scraper on a real loopback HTTP port, answering the real paths with pages in
/// the real JSON format (spec §4.4): paginated feeds with cursors, paginated comments with inline replies and a
/// duplicate across pages. Scripted trouble: `missingtag` is a 404, `brokentag` always a 500, `slowtag` answers
/// after 3 s, `truncatedtag` sends a cut-off body, `looptag` sends the same cursor forever, `repeattag` ignores
/// cursors (same videos, new cursor each time); ``failFirst(_:with:)`` makes a path fail a number of times
/// before it answers, and ``serveMalformed(_:)`` makes a path answer 200 with a truncated body.
public final class FakeRapidAPI: Sendable {
    public struct Recorded: Sendable {
        public var path: String
        public var query: String
        public var key: String?
        public var host: String?
        /// The W3C `traceparent` and `tracestate` the caller sent, if any.
        public var traceparent: String? = nil
        public var tracestate: String? = nil
    }

    public static let videosPerPage = 3
    public let key: String
    private let requests = Mutex<[Recorded]>([])
    private let scriptedFailures = Mutex<[String: [(status: Int, retryAfter: String?)]]>([:])
    private let malformedPaths = Mutex<Set<String>>([])
    private let targets = Mutex<[String]>([])

    public init(key: String = "fake-rapidapi-key-0123") {
        self.key = key
    }

    public var recorded: [Recorded] { self.requests.withLock { $0 } }

    /// Every request target (path and query, as sent on the request line), whether a route matched it or not.
    public var requestTargets: [String] { self.targets.withLock { $0 } }

    /// The next `statuses.count` calls to `path` fail with these statuses (and `Retry-After`, when given).
    public func failFirst(_ path: String, with statuses: [(status: Int, retryAfter: String?)]) {
        self.scriptedFailures.withLock { $0[path, default: []] += statuses }
    }

    /// `path` answers 200 with a body cut off in the middle, every time.
    public func serveMalformed(_ path: String) {
        _ = self.malformedPaths.withLock { $0.insert(path) }
    }

    /// Runs the fake on a free loopback port until `body` returns; `body` gets the base URL.
    public func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await FakeServer.run(router: self.router(), body)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: TargetRecorder { target in self.targets.withLock { $0.append(target) } })
        router.get("/challenge/:name/feed") { request, context in
            try await self.answer(request, context) {
                try self.feed(name: context.parameters.require("name"), cursor: request.uri.queryParameters["max_cursor"].map(String.init))
            }
        }
        router.get("/user/:name/feed") { request, context in
            try await self.answer(request, context) {
                try self.feed(name: context.parameters.require("name"), cursor: request.uri.queryParameters["cursor"].map(String.init))
            }
        }
        router.get("/search/video/:query") { request, context in
            try await self.answer(request, context) {
                try self.feed(name: context.parameters.require("query"), cursor: request.uri.queryParameters["cursor"].map(String.init))
            }
        }
        // The search feed as a query-string endpoint (`tiktok.search_path` = `/search?keywords={query}`).
        router.get("/search") { request, context in
            try await self.answer(request, context) {
                try self.feed(
                    name: request.uri.queryParameters["keywords"].map(String.init) ?? "",
                    cursor: request.uri.queryParameters["cursor"].map(String.init)
                )
            }
        }
        router.get("/comments/:id") { request, context in
            try await self.answer(request, context) {
                Self.comments(videoID: try context.parameters.require("id"), cursor: request.uri.queryParameters["max_cursor"].map(String.init))
            }
        }
        return router
    }

    private func answer(_ request: Request, _ context: BasicRequestContext, _ page: () throws -> String) async throws -> Response {
        let path = request.uri.path
        self.requests.withLock {
            $0.append(
                Recorded(
                    path: path,
                    query: request.uri.query ?? "",
                    key: request.headers[HTTPField.Name("x-rapidapi-key")!],
                    host: request.headers[HTTPField.Name("x-rapidapi-host")!],
                    traceparent: request.headers[HTTPField.Name("traceparent")!],
                    tracestate: request.headers[HTTPField.Name("tracestate")!]
                )
            )
        }
        guard request.headers[HTTPField.Name("x-rapidapi-key")!] == self.key else {
            return Self.json(#"{"message":"You are not subscribed to this API."}"#, status: .forbidden)
        }
        if let failure = self.scriptedFailures.withLock({ $0[path]?.isEmpty == false ? $0[path]!.removeFirst() : nil }) {
            var response = Self.json(#"{"message":"scripted failure"}"#, status: .init(code: failure.status))
            if let retryAfter = failure.retryAfter { response.headers[.retryAfter] = retryAfter }
            return response
        }
        if self.malformedPaths.withLock({ $0.contains(path) }) || path.contains("truncatedtag") {
            return Self.json(String(try page().prefix(60)), status: .ok)
        }
        if path.contains("slowtag") { try await Task.sleep(for: .seconds(3)) }
        if path.contains("looptag") { return Self.json(try self.feed(name: "looptag", cursor: nil), status: .ok) }
        if path.contains("repeattag") {
            let cursor = Int(request.uri.queryParameters["max_cursor"].map(String.init) ?? "0") ?? 0
            let body = try self.feed(name: "repeattag", cursor: nil).replacingOccurrences(of: #""cursor":"3""#, with: #""cursor":"\#(cursor + 3)""#)
            return Self.json(body, status: .ok)
        }
        if path.contains("missingtag") { return Self.json(#"{"message":"not found"}"#, status: .notFound) }
        if path.contains("brokentag") { return Self.json("upstream exploded", status: .internalServerError) }
        return Self.json(try page(), status: .ok)
    }

    static func json(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Two pages of three videos; the first page's cursor is "3".
    func feed(name: String, cursor: String?) throws -> String {
        let page = cursor == "3" ? 1 : 0
        let base = abs(name.hashValue % 1_000_000) * 100
        let videos = (0..<Self.videosPerPage).map { index -> String in
            let id = 7_300_000_000_000_000_000 + base + page * 10 + index
            return
                #"{"aweme_id":"\#(id)","desc":"\#(name) review #\#(name) worth the price?","create_time":1759276800,"#
                + #""author":{"uid":"1","nickname":"Creator \#(index)","unique_id":"creator\#(index)"},"#
                + #""statistics":{"digg_count":\#(100 + index),"comment_count":5,"play_count":\#(1000 * (index + 1)),"share_count":1},"#
                + #""share_url":"https://www.tiktok.com/@creator\#(index)/video/\#(id)","cha_list":[{"cha_name":"\#(name)"}]}"#
        }
        let more = page == 0 ? #""has_more":1,"cursor":"3""# : #""has_more":0,"cursor":"0""#
        return #"{"status":"ok","data":{"aweme_list":[\#(videos.joined(separator: ","))],\#(more)}}"#
    }

    /// Two pages: three top-level comments (one with two inline replies), then two more, the first of which
    /// repeats the last comment of page one.
    static func comments(videoID: String, cursor: String?) -> String {
        func comment(_ suffix: Int, _ text: String, replyID: String = "0", replyToReply: String = "0", replies: String = "null") -> String {
            #"{"cid":"\#(videoID)\#(suffix)","text":"\#(text)","create_time":\#(1_759_280_000 + suffix),"digg_count":\#(suffix),"#
                + #""user":{"uid":"u\#(suffix)","nickname":"fan\#(suffix)"},"reply_id":"\#(replyID)","reply_to_reply_id":"\#(replyToReply)","#
                + #""reply_comment":\#(replies)}"#
        }
        if cursor == "3" {
            let page = [comment(3, "way too expensive, not worth it"), comment(4, "I just ordered two, take my money!")]
            return #"{"status":"ok","data":{"comments":[\#(page.joined(separator: ","))],"has_more":false,"cursor":5}}"#
        }
        let replies =
            "[" + comment(11, "link in bio", replyID: "\(videoID)1") + ","
            + comment(12, "thanks, just bought it", replyID: "\(videoID)1", replyToReply: "\(videoID)11") + "]"
        let page = [comment(1, "where can I buy this?", replies: replies), comment(2, "first!"), comment(3, "way too expensive, not worth it")]
        return #"{"status":"ok","data":{"comments":[\#(page.joined(separator: ","))],"has_more":1,"cursor":"3"}}"#
    }
}

/// Records each request's target before routing, so requests no route matches are seen too.
struct TargetRecorder: RouterMiddleware {
    typealias Context = BasicRequestContext
    let record: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        self.record(request.uri.description)
        return try await next(request, context)
    }
}
