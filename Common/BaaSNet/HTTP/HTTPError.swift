import FoundationEssentials

/// A failure that becomes an HTTP response `{"error":{"code":…,"message":…}}` with `status`.
///
/// Throw it from handlers and middleware; any other error becomes a 500 with code `internal`
/// (its text is not sent to the client). Errors compare by status and code.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, e.g. 404.
    public let status: Int
    /// A stable machine-readable code, e.g. `not_found`.
    public let code: String
    /// One sentence for a person: what is wrong and what to do.
    public let message: String
    /// Extra response headers (e.g. `Retry-After`, `Allow`).
    public var headers: HTTPHeaders

    /// An error answered with `status` and body `{"error":{"code":code,"message":message}}`.
    public init(status: Int, code: String, message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status) \(code): \(message)" }

    public static func == (a: HTTPError, b: HTTPError) -> Bool { a.status == b.status && a.code == b.code }

    /// The response for this error (JSON body, `Content-Type: application/json`).
    public var response: HTTPResponse {
        var response = HTTPResponse(status: status, headers: headers, body: Self.body(code: code, message: message))
        response.headers.set("Content-Type", "application/json")
        return response
    }

    /// The response for any error: `HTTPError` as itself, anything else as a 500 `internal`.
    public static func response(for error: any Error) -> HTTPResponse {
        if let error = error as? HTTPError { return error.response }
        return HTTPError(status: 500, code: "internal", message: "internal error; the server log has details").response
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }

    static func body(code: String, message: String) -> [UInt8] {
        (try? Array(HTTPJSON.encoder().encode(Body(error: .init(code: code, message: message))))) ?? Array("{}".utf8)
    }

    static func badRequest(_ message: String) -> HTTPError {
        HTTPError(status: 400, code: "bad_request", message: message)
    }
}
