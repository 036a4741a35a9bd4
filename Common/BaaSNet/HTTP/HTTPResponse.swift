import FoundationEssentials

/// An HTTP response: status, headers and a complete body.
///
/// The server adds `Content-Length`, `Connection` and `Date`; set `Content-Type` yourself or use
/// the JSON helpers.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    /// A response with a complete body.
    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response from an `Encodable` value (ISO 8601 dates, sorted keys).
    /// - Throws: `HTTPError` 500 `encoding_failed` if the value cannot be encoded.
    public static func json(_ value: some Encodable, status: Int = 200) throws -> HTTPResponse {
        do {
            let body = try HTTPJSON.encoder().encode(value)
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(body))
        } catch {
            throw HTTPError(status: 500, code: "encoding_failed", message: "the response could not be encoded as JSON")
        }
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// Decodes the body as JSON (clients use this on responses).
    /// - Throws: `HTTPError` 502 `invalid_json` when the body is not the expected JSON.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try HTTPJSON.decoder().decode(type, from: Data(body))
        } catch {
            throw HTTPError(status: 502, code: "invalid_json", message: "the response body is not the expected JSON: \(error)")
        }
    }

    /// The standard reason phrase of `status` ("Unknown" for unlisted codes).
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Unknown"
        }
    }
}

/// The JSON settings every BaaS API uses.
enum HTTPJSON {
    /// Shared: configured once, and `encode` only reads the configuration.
    private static let sharedEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func encoder() -> JSONEncoder {
        sharedEncoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
