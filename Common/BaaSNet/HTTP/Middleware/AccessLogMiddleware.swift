/// Writes one line per request to `sink`: remote address, peer CN, method, target, status, body
/// bytes, duration and request id. Put it after `RequestIDMiddleware` to log ids.
///
/// `sink` is called on the server's worker pool after the response is ready; it must not block long.
public struct AccessLogMiddleware: HTTPMiddleware {
    private let sink: @Sendable (String) -> Void

    /// - Parameter sink: receives one line per request (journald, a file, a test buffer).
    public init(sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    public func handle(_ request: HTTPRequest, context: RequestContext, next: HTTPResponder) async throws -> HTTPResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let response: HTTPResponse
        do {
            response = try await next(request, context)
        } catch {
            response = HTTPError.response(for: error)
        }
        let elapsed = clock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let milliseconds = "\(micros / 1000).\(String(repeating: "0", count: 3 - String(micros % 1000).count))\(micros % 1000)"
        let peer = request.peerIdentity?.commonName ?? "-"
        let id = context.requestID.isEmpty ? "-" : context.requestID
        sink("\(request.remoteAddress) \(peer) \(request.method) \(request.target) \(response.status) \(response.body.count) \(milliseconds)ms id=\(id)")
        return response
    }
}
