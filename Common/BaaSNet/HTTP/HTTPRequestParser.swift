/// An incremental, socket-free HTTP/1.1 request parser: feed bytes as they arrive, take complete
/// requests in order (pipelining-safe).
///
/// A value type with no I/O, so it can be fuzzed in isolation. Errors are `HTTPError`s ready to
/// send (400 malformed, 413 body too large, 431 headers too large or too many, 501 unsupported
/// transfer coding, 505 version); after one, the parser stays failed and the connection must close.
public struct HTTPRequestParser: Sendable {
    /// A complete request off the wire (no connection details yet).
    public struct Request: Sendable {
        public var method: String
        public var target: String
        /// 0 for HTTP/1.0, 1 for HTTP/1.1.
        public var minorVersion: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]
        /// Whether the client allows another request on this connection.
        public var keepAlive: Bool
    }

    private var parser: HTTPMessageParser

    /// A parser enforcing `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        parser = HTTPMessageParser(kind: .request, limits: limits)
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        parser.append(bytes)
    }

    /// The next complete request, or `nil` until more bytes arrive.
    /// - Throws: `HTTPError` for a request that must be refused (see the type's summary).
    public mutating func next() throws(HTTPError) -> Request? {
        guard let (head, body) = try parser.next() else { return nil }
        return Request(method: head.method, target: head.target, minorVersion: head.minorVersion,
                       headers: head.headers, body: body, keepAlive: head.keepAlive)
    }

    /// Bytes held that do not yet form a complete request.
    public var bufferedByteCount: Int { parser.bufferedByteCount }
    /// Whether part of a request has arrived.
    public var isMidRequest: Bool { parser.isMidMessage }
    /// Whether the current request's head is complete and its body is still arriving.
    public var isReadingBody: Bool { parser.hasHead }
    /// Whether the client waits for `100 Continue` before sending the current body.
    public var continueExpected: Bool { parser.continueExpected }
    /// Records that `100 Continue` was sent.
    public mutating func acknowledgeContinue() { parser.acknowledgeContinue() }
}
