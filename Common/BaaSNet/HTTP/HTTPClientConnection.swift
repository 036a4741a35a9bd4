import Synchronization

/// One pooled client connection: sends a request, parses the response on the loop thread.
final class HTTPClientConnection: ConnectionHandler, @unchecked Sendable {
    private var parser: HTTPMessageParser
    /// Set once by `attach` before the connection is shared.
    private var connection: Connection?
    private var waiting: CheckedContinuation<HTTPResponse, any Error>?
    private let alive = Atomic<Bool>(true)
    private let keepAlive = Atomic<Bool>(true)
    private let received = Atomic<Bool>(false)

    init(limits: HTTPLimits) {
        parser = HTTPMessageParser(kind: .response, limits: limits)
    }

    func attach(_ connection: Connection) {
        self.connection = connection
    }

    /// Whether the connection may carry another request.
    var isReusable: Bool {
        alive.load(ordering: .acquiring) && keepAlive.load(ordering: .acquiring)
    }

    /// Whether any byte of the current response arrived.
    var receivedAnything: Bool {
        received.load(ordering: .acquiring)
    }

    func close() {
        alive.store(false, ordering: .releasing)
        connection?.close()
    }

    func park(idleTimeout: Duration) {
        connection?.setDeadline(after: idleTimeout)
    }

    func exchange(_ bytes: [UInt8], isHead: Bool, timeout: Duration) async throws -> HTTPResponse {
        guard let connection else { throw NetError("net.closed", "the connection is not open") }
        received.store(false, ordering: .releasing)
        return try await withCheckedThrowingContinuation { continuation in
            connection.eventLoop.execute {
                guard self.alive.load(ordering: .acquiring) else {
                    continuation.resume(throwing: NetError("net.closed", "\(connection.remoteAddress) closed the connection"))
                    return
                }
                self.waiting = continuation
                self.parser.nextResponseHasNoBody = isHead
                connection.setDeadline(after: timeout)
                connection.write(bytes)
            }
        }
    }

    func connectionDidBecomeActive(_ connection: Connection) {}

    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {
        received.store(true, ordering: .releasing)
        parser.append(bytes)
        do {
            while let (head, body) = try parser.next() {
                if (100..<200).contains(head.status) { continue }
                keepAlive.store(head.keepAlive, ordering: .releasing)
                connection.setDeadline(after: nil)
                resume(.success(HTTPResponse(status: head.status, headers: head.headers, body: body)))
            }
        } catch {
            alive.store(false, ordering: .releasing)
            resume(.failure(NetError("net.bad_response", "\(connection.remoteAddress) sent a malformed response: \(error.message)")))
            connection.abort()
        }
    }

    func connectionDidClose(_ connection: Connection, error: NetError?) {
        alive.store(false, ordering: .releasing)
        if let (head, body) = parser.finish() {
            resume(.success(HTTPResponse(status: head.status, headers: head.headers, body: body)))
        } else {
            resume(.failure(error ?? NetError("net.closed", "\(connection.remoteAddress) closed the connection before responding")))
        }
    }

    func connectionDeadlineExpired(_ connection: Connection) {
        alive.store(false, ordering: .releasing)
        let wasWaiting = waiting != nil
        resume(.failure(NetError("net.timeout", "\(connection.remoteAddress) did not answer in time")))
        connection.abort(wasWaiting ? NetError("net.timeout", "request timed out") : nil)
    }

    private func resume(_ result: Result<HTTPResponse, NetError>) {
        guard let continuation = waiting else { return }
        waiting = nil
        continuation.resume(with: result.mapError { $0 as any Error })
    }
}
