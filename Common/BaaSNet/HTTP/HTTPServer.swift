import BaaSCrypto
import Synchronization

/// An HTTP/1.1 server on the event loops, with optional (mutual) TLS.
///
/// Connections are read and written on an `EventLoopGroup`; each request's middleware and handler
/// run as a `Task` on a `WorkerPool` (so a blocking handler cannot stall the event loops or
/// Swift's cooperative pool), one request at a time per connection, so pipelined requests are
/// answered in order. Keep-alive, `Content-Length` and
/// chunked request bodies, `Expect: 100-continue`, limits (431/413), malformed requests (400) and
/// timeouts for slow clients (408 or cut off) are handled here; a bad client only ever affects its
/// own connection. Thread-safe.
public final class HTTPServer: Sendable {
    /// How long each phase of a connection may take.
    public struct Timeouts: Sendable {
        /// TCP accept to completed TLS handshake.
        public var handshake: Duration = .seconds(10)
        /// First byte of a request to the end of its headers (408 after).
        public var requestHead: Duration = .seconds(10)
        /// End of the headers to the end of the body (408 after).
        public var requestBody: Duration = .seconds(30)
        /// A keep-alive connection with no request in progress (closed after).
        public var idle: Duration = .seconds(60)
        /// A response the client does not read (connection cut after).
        public var write: Duration = .seconds(30)

        /// 10 s handshake and headers, 30 s body and write, 60 s idle.
        public init() {}
    }

    /// Where and how to listen.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (read `HTTPServer.port` after `start`).
        public var port: UInt16
        /// `nil` serves plain HTTP (tests, local metrics).
        public var tls: ReloadableTLSContext?
        public var limits: HTTPLimits
        public var timeouts: Timeouts
        /// Receives handler failures (500s) and failed TLS handshakes; never secrets.
        public var log: (@Sendable (String) -> Void)?

        /// Defaults: plain HTTP on a free loopback port with default limits and timeouts.
        public init(host: String = "127.0.0.1", port: UInt16 = 0, tls: ReloadableTLSContext? = nil,
                    limits: HTTPLimits = HTTPLimits(), timeouts: Timeouts = Timeouts(),
                    log: (@Sendable (String) -> Void)? = nil) {
            self.host = host
            self.port = port
            self.tls = tls
            self.limits = limits
            self.timeouts = timeouts
            self.log = log
        }
    }

    public let configuration: Configuration
    private let router: Router
    private let middleware: [any HTTPMiddleware]
    private let group: EventLoopGroup
    let workers: WorkerPool
    private let listener = Mutex<Listener?>(nil)
    private let connections = Mutex<[ObjectIdentifier: Connection]>([:])

    /// A server answering with `router` through `middleware` (outermost first); call `start`.
    ///
    /// - Parameters:
    ///   - group: the event loops carrying the sockets.
    ///   - workers: the threads running middleware and handlers.
    public init(configuration: Configuration, router: Router, middleware: [any HTTPMiddleware] = [],
                group: EventLoopGroup = .shared, workers: WorkerPool = .shared) {
        self.configuration = configuration
        self.router = router
        self.middleware = middleware
        self.group = group
        self.workers = workers
    }

    /// Binds and starts accepting.
    /// - Throws: `NetError` `net.listen` when the address is taken or not local.
    public func start() throws {
        let new = try Listener(host: configuration.host, port: configuration.port, tls: configuration.tls,
                               group: group, handshakeTimeout: configuration.timeouts.handshake) { [self] connection in
            connections.withLock { $0[ObjectIdentifier(connection)] = connection }
            return HTTPServerConnection(server: self)
        }
        listener.withLock { $0 = new }
    }

    /// The bound port (0 before `start`).
    public var port: UInt16 {
        listener.withLock { $0?.port ?? 0 }
    }

    /// Stops accepting and closes every open connection (requests in flight are dropped).
    public func stop() {
        listener.withLock { $0?.close(); $0 = nil }
        let open = connections.withLock { connections in
            defer { connections.removeAll() }
            return Array(connections.values)
        }
        for connection in open { connection.abort() }
    }

    /// Loads new certificates/CRLs for connections accepted from now on.
    /// - Throws: `CryptoError` when the configuration does not compile (the old one stays), or
    ///   `NetError` `net.tls` for a plain-HTTP server.
    public func reloadTLS(_ tls: TLSConfiguration) throws {
        guard let context = configuration.tls else { throw NetError("net.tls", "this server was started without TLS") }
        try context.reload(tls)
    }

    /// The number of open connections.
    public var connectionCount: Int {
        connections.withLock { $0.count }
    }

    func forget(_ connection: Connection) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    /// Routes `request` through middleware and handler; never throws.
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        var context = RequestContext()
        let endpoint: HTTPResponder
        switch router.match(method: request.method, path: request.path) {
        case .found(let handler, let parameters, let pattern):
            context.pathParameters = parameters
            context.route = pattern
            endpoint = handler
        case .notFound:
            endpoint = { request, _ in
                throw HTTPError(status: 404, code: "not_found", message: "nothing is served at \(request.path)")
            }
        case .methodNotAllowed(let allowed):
            endpoint = { request, _ in
                throw HTTPError(status: 405, code: "method_not_allowed",
                                message: "\(request.method) is not allowed here; use \(allowed.joined(separator: ", "))",
                                headers: ["Allow": allowed.joined(separator: ", ")])
            }
        case .badPath:
            endpoint = { _, _ in throw HTTPError.badRequest("the path contains a bad percent-escape") }
        }
        var chain = endpoint
        for step in middleware.reversed() {
            let next = chain
            chain = { request, context in try await step.handle(request, context: context, next: next) }
        }
        do {
            return try await chain(request, context)
        } catch {
            if !(error is HTTPError) {
                configuration.log?("\(request.method) \(request.path) failed: \(error)")
            }
            return HTTPError.response(for: error)
        }
    }
}
