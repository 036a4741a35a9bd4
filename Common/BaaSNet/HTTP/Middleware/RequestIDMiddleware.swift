/// Gives every request an id: the client's `X-Request-Id` when it is short and plain, otherwise a
/// random one. The id is in `context.requestID` and in the response's `X-Request-Id`, errors included.
public struct RequestIDMiddleware: HTTPMiddleware {
    /// The middleware; it has no settings.
    public init() {}

    public func handle(_ request: HTTPRequest, context: RequestContext, next: HTTPResponder) async throws -> HTTPResponse {
        var context = context
        if let offered = request.headers["X-Request-Id"], Self.acceptable(offered) {
            context.requestID = offered
        } else if context.requestID.isEmpty {
            context.requestID = Self.generate()
        }
        var response: HTTPResponse
        do {
            response = try await next(request, context)
        } catch {
            response = HTTPError.response(for: error)
        }
        response.headers.set("X-Request-Id", context.requestID)
        return response
    }

    static func acceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = (UInt64.random(in: .min ... .max, using: &generator), UInt64.random(in: .min ... .max, using: &generator))
        let high = String(value.0, radix: 16), low = String(value.1, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }
}
