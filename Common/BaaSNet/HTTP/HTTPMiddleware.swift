/// The rest of the chain after a middleware: the next middleware, finally the route's handler.
public typealias HTTPResponder = @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse

/// One step around every request: look at or change the request and context, call `next` (or
/// not, to refuse), look at or change the response.
///
/// Middleware runs on the server's `WorkerPool`, in the order given to `HTTPServer`; the
/// route is already matched (`context.route`, `context.pathParameters`), so unmatched requests
/// (404/405) pass through middleware too. Throw `HTTPError` to answer with an error.
public protocol HTTPMiddleware: Sendable {
    func handle(_ request: HTTPRequest, context: RequestContext, next: HTTPResponder) async throws -> HTTPResponse
}
