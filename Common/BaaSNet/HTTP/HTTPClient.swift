import BaaSCrypto
import Synchronization

/// An HTTP/1.1 client with a keep-alive connection pool per host and port, optionally with
/// (mutual) TLS.
///
/// `send` is `async` and suspends (never blocks a thread) until the whole response arrived. Safe to
/// call concurrently: each request takes an idle pooled connection or opens a new one; a pooled
/// connection that the server closed meanwhile is retried once on a fresh one when no response
/// byte had arrived. Thread-safe.
public final class HTTPClient: Sendable {
    /// TLS, pooling and timeouts of a client.
    public struct Configuration: Sendable {
        /// `nil` speaks plain HTTP. A client context with a certificate does mutual TLS.
        public var tls: TLSContext?
        /// The name checked against server certificates (default: the host passed to `send`).
        public var serverName: String?
        /// Idle connections kept per host:port.
        public var maxIdleConnectionsPerHost: Int
        /// An idle pooled connection is closed after this long.
        public var idleTimeout: Duration
        /// Connect, handshake and the whole exchange of one request must fit in this.
        public var requestTimeout: Duration
        /// Limits on response headers and body.
        public var limits: HTTPLimits

        /// Defaults: plain HTTP, 8 idle connections per host, 30 s idle and request timeouts.
        public init(tls: TLSContext? = nil, serverName: String? = nil, maxIdleConnectionsPerHost: Int = 8,
                    idleTimeout: Duration = .seconds(30), requestTimeout: Duration = .seconds(30),
                    limits: HTTPLimits = HTTPLimits(maxHeaderBytes: 64 * 1024, maxHeaderCount: 200, maxBodyBytes: 64 << 20)) {
            self.tls = tls
            self.serverName = serverName
            self.maxIdleConnectionsPerHost = maxIdleConnectionsPerHost
            self.idleTimeout = idleTimeout
            self.requestTimeout = requestTimeout
            self.limits = limits
        }
    }

    public let configuration: Configuration
    private let group: EventLoopGroup
    private let idle = Mutex<[String: [HTTPClientConnection]]>([:])
    private let connectionsOpened = Atomic<Int>(0)

    /// A client whose connections live on `group`'s loops.
    public init(configuration: Configuration = Configuration(), group: EventLoopGroup = .shared) {
        self.configuration = configuration
        self.group = group
    }

    /// Sends one request and returns the complete response (any status; errors are not thrown
    /// for 4xx/5xx).
    ///
    /// - Parameters:
    ///   - target: the path and query, e.g. `/v1/networks?limit=5`.
    /// - Throws: `NetError` (`net.connect`, `net.tls_handshake`, `net.timeout`, `net.closed`,
    ///   `net.bad_response` …) when no complete response arrives.
    public func send(_ method: String, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
                     host: String, port: UInt16) async throws -> HTTPResponse {
        let key = "\(host):\(port)"
        let bytes = Self.serialize(method: method, target: target, headers: headers, body: body, hostHeader: key)
        var retried = false
        while true {
            let (connection, reused) = try await checkout(host: host, port: port, key: key)
            do {
                let response = try await connection.exchange(bytes, isHead: method == "HEAD", timeout: configuration.requestTimeout)
                if connection.isReusable {
                    checkin(connection, key: key)
                } else {
                    connection.close()
                }
                return response
            } catch let error as NetError where reused && !retried && error.code == "net.closed" && !connection.receivedAnything {
                retried = true
                continue
            }
        }
    }

    /// Sends a JSON body (or none) and decodes a JSON answer.
    /// - Throws: `HTTPError` with the server's status, code and message for a non-2xx answer
    ///   carrying `{"error":{…}}`; `NetError` as `send` does.
    public func json<Response: Decodable>(_ method: String, _ target: String, body: (some Encodable)? = nil as String?,
                                          headers: HTTPHeaders = HTTPHeaders(), host: String, port: UInt16,
                                          as type: Response.Type = Response.self) async throws -> Response {
        var headers = headers
        var payload: [UInt8] = []
        if let body {
            payload = Array(try HTTPJSON.encoder().encode(body))
            headers.set("Content-Type", "application/json")
        }
        headers.set("Accept", "application/json")
        let response = try await send(method, target, headers: headers, body: payload, host: host, port: port)
        guard (200..<300).contains(response.status) else {
            let detail = try? HTTPJSON.decoder().decode(HTTPErrorBody.self, from: .init(response.body)).error
            throw HTTPError(status: response.status, code: detail?.code ?? "http_\(response.status)",
                            message: detail?.message ?? "the server answered \(response.status)")
        }
        return try response.decode(type)
    }

    /// Connections opened so far (a measure of keep-alive reuse).
    public var openedConnectionCount: Int {
        connectionsOpened.load(ordering: .relaxed)
    }

    /// Closes all idle connections; requests in flight finish on theirs.
    public func shutdown() {
        let all = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle.values.flatMap { $0 }
        }
        for connection in all { connection.close() }
    }

    private func checkout(host: String, port: UInt16, key: String) async throws -> (HTTPClientConnection, Bool) {
        while let pooled = idle.withLock({ $0[key]?.popLast() }) {
            if pooled.isReusable { return (pooled, true) }
        }
        let handler = HTTPClientConnection(limits: configuration.limits)
        let connection = try await Connection.connect(host: host, port: port, tls: configuration.tls,
                                                      serverName: configuration.serverName ?? host,
                                                      on: group.next(), timeout: configuration.requestTimeout, handler: handler)
        handler.attach(connection)
        connectionsOpened.add(1, ordering: .relaxed)
        return (handler, false)
    }

    private func checkin(_ connection: HTTPClientConnection, key: String) {
        let kept = idle.withLock { idle -> Bool in
            var list = idle[key] ?? []
            guard list.count < configuration.maxIdleConnectionsPerHost else { return false }
            list.append(connection)
            idle[key] = list
            return true
        }
        if kept {
            connection.park(idleTimeout: configuration.idleTimeout)
        } else {
            connection.close()
        }
    }

    static func serialize(method: String, target: String, headers: HTTPHeaders, body: [UInt8], hostHeader: String) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if headers["Host"] == nil { head += "Host: \(hostHeader)\r\n" }
        for (name, value) in headers where !HTTPHeaders.equalNames(name, "Content-Length") {
            head += "\(name): \(value)\r\n"
        }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: body)
        return bytes
    }
}

/// The error body every BaaS server sends.
private struct HTTPErrorBody: Decodable {
    struct Detail: Decodable {
        let code: String
        let message: String
    }
    let error: Detail
}
