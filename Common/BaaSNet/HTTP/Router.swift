/// Maps method and path to a handler; `{name}` segments capture path parameters.
///
/// Build it once before starting the server (registration is not thread-safe; routing is).
/// A literal segment wins over a parameter. `HEAD` falls back to the `GET` route. No match gives
/// 404 `not_found`; a path that exists under other methods gives 405 with `Allow`.
public struct Router: Sendable {
    /// A request handler. Runs on the server's `WorkerPool`, never on an event loop.
    public typealias Handler = @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse

    private struct Route: Sendable {
        let method: String
        let pattern: String
        let segments: [Segment]
        let handler: Handler
        let literalCount: Int
    }

    private enum Segment: Sendable {
        case literal(String)
        case parameter(String)
    }

    enum Match {
        case found(Handler, parameters: [String: String], pattern: String)
        case methodNotAllowed([String])
        case notFound
        case badPath
    }

    private var routes: [Route] = []

    /// An empty router (everything is 404).
    public init() {}

    /// Adds a route; `pattern` is a path such as `/v1/networks/{id}/nodes`.
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        let segments: [Segment] = Self.split(pattern).map { part in
            if part.hasPrefix("{"), part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        let literals = segments.filter { if case .literal = $0 { return true } else { return false } }.count
        routes.append(Route(method: method.uppercased(), pattern: pattern, segments: segments, handler: handler, literalCount: literals))
    }

    /// Adds a `GET` route (also answers `HEAD`).
    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add("GET", pattern, handler) }
    /// Adds a `POST` route.
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { add("POST", pattern, handler) }
    /// Adds a `PUT` route.
    public mutating func put(_ pattern: String, _ handler: @escaping Handler) { add("PUT", pattern, handler) }
    /// Adds a `PATCH` route.
    public mutating func patch(_ pattern: String, _ handler: @escaping Handler) { add("PATCH", pattern, handler) }
    /// Adds a `DELETE` route.
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { add("DELETE", pattern, handler) }

    func match(method: String, path: String) -> Match {
        let parts = Self.split(path)
        var best: (Route, [String: String])?
        var allowed: [String] = []
        var decodedParts: [String] = []
        for part in parts {
            guard let decoded = HTTPRequest.percentDecode(part, plusIsSpace: false) else { return .badPath }
            decodedParts.append(decoded)
        }
        for route in routes where route.segments.count == parts.count {
            var parameters: [String: String] = [:]
            var matches = true
            for (segment, part) in zip(route.segments, decodedParts) {
                switch segment {
                case .literal(let literal):
                    if literal != part { matches = false }
                case .parameter(let name):
                    if part.isEmpty { matches = false } else { parameters[name] = part }
                }
                if !matches { break }
            }
            guard matches else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                if best == nil || route.literalCount > best!.0.literalCount || (route.method == method && best!.0.method != method
                                                                                  && route.literalCount == best!.0.literalCount) {
                    best = (route, parameters)
                }
            } else if !allowed.contains(route.method) {
                allowed.append(route.method)
            }
        }
        if let (route, parameters) = best { return .found(route.handler, parameters: parameters, pattern: route.pattern) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed.sorted())
    }

    private static func split(_ path: String) -> [Substring] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.first == "" { parts.removeFirst() }
        if parts.count > 1, parts.last == "" { parts.removeLast() }
        return parts
    }
}
