/// Runs `authenticate` for every request except those whose route is in `publicRoutes`; it
/// returns the context with `principal` set, or throws `HTTPError` (401/403) to refuse.
///
/// The hook may use `request.peerIdentity` (mutual TLS), a bearer token, a session cookie …
public struct AuthenticationMiddleware: HTTPMiddleware {
    /// Returns the context with `principal` set, or throws `HTTPError` 401/403.
    public typealias Authenticate = @Sendable (HTTPRequest, RequestContext) async throws -> RequestContext

    private let publicRoutes: Set<String>
    private let authenticate: Authenticate

    /// - Parameter publicRoutes: route patterns (as registered) that skip authentication.
    public init(publicRoutes: Set<String> = [], authenticate: @escaping Authenticate) {
        self.publicRoutes = publicRoutes
        self.authenticate = authenticate
    }

    public func handle(_ request: HTTPRequest, context: RequestContext, next: HTTPResponder) async throws -> HTTPResponse {
        if let route = context.route, publicRoutes.contains(route) {
            return try await next(request, context)
        }
        let authenticated = try await authenticate(request, context)
        return try await next(request, authenticated)
    }
}
