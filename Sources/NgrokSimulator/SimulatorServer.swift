import Essentials
import Hummingbird
import Logging
import NgrokAPI
import ServiceLifecycle

/// Serves a `Simulator` over real HTTP on 127.0.0.1, in this process.
public final class SimulatorServer: Sendable {
    public let simulator: Simulator
    public let baseURL: URL
    private let task: Task<Void, any Error>
    private let services: ServiceGroup

    private init(simulator: Simulator, baseURL: URL, task: Task<Void, any Error>, services: ServiceGroup) {
        self.simulator = simulator
        self.baseURL = baseURL
        self.task = task
        self.services = services
    }

    /// Starts listening and returns once the port is known.
    public static func start(_ options: SimulatorOptions = SimulatorOptions()) async throws -> SimulatorServer {
        let simulator = Simulator(options: options)
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .patch, .delete, .put] {
            router.on("**", method: method) { request, _ in
                try await respond(to: request, with: simulator)
            }
        }
        // The simulator must stay silent: in --demo it shares the terminal with the UI.
        var logger = Logger(label: "ngrok-simulator")
        logger.logLevel = .critical
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: options.port), serverName: nil),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger
        )
        // Stopped by a graceful shutdown, not by cancelling: cancelling the serving task while a
        // connection is accepted but not yet served traps in NIO ("Deinited NIOAsyncWriter").
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw SimulatorStartError()
        }
        let baseURL = URL(string: "http://127.0.0.1:\(port)")!
        await simulator.setBaseURL(baseURL.absoluteString)
        return SimulatorServer(simulator: simulator, baseURL: baseURL, task: task, services: services)
    }

    public func stop() {
        let services = self.services
        Task { await services.triggerGracefulShutdown() }
    }

    /// Waits until the server stops (for the `simulator` command, which runs until killed).
    public func wait() async {
        _ = try? await task.value
    }

    private static func respond(to request: Request, with simulator: Simulator) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let exchange = SimulatorRequest(
            method: request.method.rawValue, path: request.uri.path,
            query: SimulatorRequest.parseQuery(request.uri.query), headers: headers, body: Data(body.readableBytesView)
        )
        let answer = await simulator.handle(exchange)
        var responseHeaders = HTTPFields()
        // The simulator only ever sets these two headers.
        if let type = answer.headers["Content-Type"] { responseHeaders[.contentType] = type }
        if let retryAfter = answer.headers["Retry-After"] { responseHeaders[.retryAfter] = retryAfter }
        if answer.dropConnection {
            // Failing inside the body makes the server close the connection mid-answer.
            return Response(status: .ok, headers: responseHeaders, body: ResponseBody { _ in throw DroppedConnection() })
        }
        return Response(status: .init(code: answer.status), headers: responseHeaders,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

struct SimulatorStartError: Error, CustomStringConvertible {
    var description: String { "the simulator could not bind a port on 127.0.0.1" }
}

struct DroppedConnection: Error {}
