import BaaSCrypto

/// The HTTP/1.1 state machine of one server connection; runs on the connection's loop thread.
final class HTTPServerConnection: ConnectionHandler, @unchecked Sendable {
    private enum Phase {
        case idle
        case head
        case body
        case busy
        case writing
        case closing
    }

    private let server: HTTPServer
    private var parser: HTTPRequestParser
    private var phase = Phase.idle
    private var peerIdentity: PeerIdentity?
    /// Touched only by the task of the request in flight (one at a time per connection).
    private var dateCache = HTTPDate.Cache()

    init(server: HTTPServer) {
        self.server = server
        self.parser = HTTPRequestParser(limits: server.configuration.limits)
    }

    private var timeouts: HTTPServer.Timeouts { server.configuration.timeouts }

    func connectionDidBecomeActive(_ connection: Connection) {
        peerIdentity = connection.peerIdentity
        enter(.idle, connection)
    }

    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {
        guard phase != .closing else { return }
        parser.append(bytes)
        processNext(connection)
    }

    func connectionDidClose(_ connection: Connection, error: NetError?) {
        phase = .closing
        server.forget(connection)
        if let error, error.code == "net.tls_handshake" {
            server.configuration.log?(error.message)
        }
    }

    func connectionDeadlineExpired(_ connection: Connection) {
        switch phase {
        case .head, .body:
            refuse(HTTPError(status: 408, code: "request_timeout", message: "the request did not arrive in time"), connection)
        case .idle:
            phase = .closing
            connection.close()
        case .writing:
            if connection.queuedWriteBytes > 0 {
                phase = .closing
                connection.abort(NetError("net.timeout", "\(connection.remoteAddress) did not read its response in time"))
            } else {
                enter(.idle, connection)
            }
        case .busy, .closing:
            return
        }
    }

    private func enter(_ next: Phase, _ connection: Connection) {
        phase = next
        switch next {
        case .idle: connection.setDeadline(after: timeouts.idle)
        case .head: connection.setDeadline(after: timeouts.requestHead)
        case .body: connection.setDeadline(after: timeouts.requestBody)
        case .writing: connection.setDeadline(after: timeouts.write)
        case .busy, .closing: connection.setDeadline(after: nil)
        }
    }

    private func processNext(_ connection: Connection) {
        guard phase != .busy, phase != .closing else {
            let limits = server.configuration.limits
            if phase == .busy, parser.bufferedByteCount > limits.maxHeaderBytes + limits.maxBodyBytes {
                connection.setReading(false)
            }
            return
        }
        let request: HTTPRequestParser.Request?
        do {
            request = try parser.next()
        } catch {
            refuse(error, connection)
            return
        }
        if let request {
            dispatch(request, connection)
            return
        }
        if parser.continueExpected {
            connection.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            parser.acknowledgeContinue()
        }
        if parser.isMidRequest {
            let wanted: Phase = parser.isReadingBody ? .body : .head
            if phase != wanted { enter(wanted, connection) }
        }
    }

    private func dispatch(_ parsed: HTTPRequestParser.Request, _ connection: Connection) {
        enter(.busy, connection)
        let request = HTTPRequest(method: parsed.method, target: parsed.target, headers: parsed.headers, body: parsed.body,
                                  peerIdentity: peerIdentity, remoteAddress: connection.remoteAddress)
        let keepAlive = parsed.keepAlive
        let minorVersion = parsed.minorVersion
        let isHead = parsed.method == "HEAD"
        let server = self.server
        Task(executorPreference: server.workers) {
            let response = await server.respond(to: request)
            let bytes = Self.serialize(response, keepAlive: keepAlive, minorVersion: minorVersion, omitBody: isHead,
                                       date: self.dateCache.now())
            connection.eventLoop.execute {
                self.complete(bytes, keepAlive: keepAlive && !response.headers.contains("Connection", token: "close"), connection)
            }
        }
    }

    private func complete(_ bytes: [UInt8], keepAlive: Bool, _ connection: Connection) {
        guard phase == .busy else { return }
        connection.write(bytes)
        guard keepAlive else {
            phase = .closing
            connection.close()
            return
        }
        enter(connection.queuedWriteBytes > 0 ? .writing : .idle, connection)
        connection.setReading(true)
        processNext(connection)
    }

    private func refuse(_ error: HTTPError, _ connection: Connection) {
        var response = error.response
        response.headers.set("Connection", "close")
        connection.write(Self.serialize(response, keepAlive: false, minorVersion: 1, omitBody: false, date: HTTPDate.now()))
        phase = .closing
        connection.setDeadline(after: nil)
        connection.close()
    }

    static func serialize(_ response: HTTPResponse, keepAlive: Bool, minorVersion: Int, omitBody: Bool, date: String) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reasonPhrase(response.status))\r\n"
        for (name, value) in response.headers {
            if HTTPHeaders.equalNames(name, "Content-Length") || HTTPHeaders.equalNames(name, "Connection")
                || HTTPHeaders.equalNames(name, "Transfer-Encoding") { continue }
            if name.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 58 }) || value.utf8.contains(where: { $0 == 13 || $0 == 10 }) {
                continue
            }
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n"
        if !keepAlive {
            head += "Connection: close\r\n"
        } else if minorVersion == 0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "Date: \(date)\r\n\r\n"
        var bytes = Array(head.utf8)
        if !omitBody { bytes.append(contentsOf: response.body) }
        return bytes
    }
}
