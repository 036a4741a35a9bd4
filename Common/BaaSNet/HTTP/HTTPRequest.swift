import BaaSCrypto
import FoundationEssentials

/// A complete HTTP request as a handler sees it.
public struct HTTPRequest: Sendable {
    /// The method in upper case, e.g. `GET`.
    public var method: String
    /// The request target as sent (`/v1/networks?limit=10`).
    public var target: String
    /// The path part of the target, percent-encoded as sent.
    public var path: String
    /// Query parameters, percent-decoded; a repeated name keeps its last value.
    public var query: [String: String]
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The verified client certificate (mutual TLS only).
    public var peerIdentity: PeerIdentity?
    /// The client's `address:port`.
    public var remoteAddress: String

    /// A request; `path` and `query` are derived from `target`.
    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
                peerIdentity: PeerIdentity? = nil, remoteAddress: String = "") {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.peerIdentity = peerIdentity
        self.remoteAddress = remoteAddress
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = Self.parseQuery(target[target.index(after: mark)...])
        } else {
            path = target
            query = [:]
        }
    }

    /// Decodes the body as JSON.
    /// - Throws: `HTTPError` 415 `unsupported_media_type` for a non-JSON `Content-Type`,
    ///   400 `invalid_json` when the body does not decode.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let contentType = headers["Content-Type"], !contentType.lowercased().hasPrefix("application/json") {
            throw HTTPError(status: 415, code: "unsupported_media_type", message: "send the body as application/json")
        }
        do {
            return try HTTPJSON.decoder().decode(type, from: Data(body))
        } catch {
            throw HTTPError(status: 400, code: "invalid_json", message: "the request body is not valid JSON for this operation")
        }
    }

    static func parseQuery(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecode(parts[0], plusIsSpace: true) else { continue }
            let value = parts.count > 1 ? percentDecode(parts[1], plusIsSpace: true) : ""
            if let value { result[name] = value }
        }
        return result
    }

    /// Decodes `%XX` escapes; `nil` for a bad escape or invalid UTF-8.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String? {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
