// Minimal Hummingbird 2 route: `GET /body` returns the 2 KB body from memory.
// Event loops: Hummingbird's default (MultiThreadedEventLoopGroup.singleton = one per core).
import BenchSupport
import Hummingbird
import Logging

let arguments = BenchArguments()
let body = loadBody(path: arguments.bodyPath)

let router = Router()
router.get("/body") { _, _ -> Response in
    Response(
        status: .ok,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: body)
    )
}
var logger = Logger(label: "hb-route")
logger.logLevel = .warning
let app = Application(
    router: router,
    configuration: .init(address: .hostname(loopback, port: arguments.port)),
    eventLoopGroupProvider: .shared(eventLoopGroup(arguments)),  // default: .singleton, one loop per core
    logger: logger
)
try await app.runService()
