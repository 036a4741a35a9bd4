import CLinux

/// The start line and headers of a request or a response.
package struct HTTPMessageHead: Sendable {
    package var method = ""
    package var target = ""
    package var status = 0
    package var minorVersion = 1
    package var headers = HTTPHeaders()

    /// Whether the connection may carry another message after this one.
    package var keepAlive: Bool {
        if headers.contains("Connection", token: "close") { return false }
        return minorVersion >= 1 || headers.contains("Connection", token: "keep-alive")
    }
}

/// Size limits enforced while parsing.
public struct HTTPLimits: Sendable {
    /// Bytes of start line plus headers (431 beyond).
    public var maxHeaderBytes: Int
    /// Number of header fields (431 beyond).
    public var maxHeaderCount: Int
    /// Bytes of body, sized or chunked (413 beyond).
    public var maxBodyBytes: Int

    /// Defaults suit an API server: 16 KiB of headers, 100 fields, 1 MiB of body.
    public init(maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 1 << 20) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}

/// The incremental HTTP/1.x parser behind `HTTPRequestParser` and the client's response parser.
///
/// A pure value over bytes: append what arrived, take complete messages with `next()`. Strict
/// where leniency enables request smuggling (both Content-Length and Transfer-Encoding, spaces
/// before a colon, folded lines, bare LF), and bounded in every dimension by `HTTPLimits`.
package struct HTTPMessageParser: Sendable {
    package enum Kind: Sendable {
        case request
        case response
    }

    private enum State: Sendable {
        case head
        case sizedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case failed(HTTPError)
    }

    package let kind: Kind
    var limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var position = 0
    private var scanned = 0
    private var state = State.head
    private var head: HTTPMessageHead?
    private var body: [UInt8] = []
    private var trailerBytes = 0
    /// Responses only: the next response answers a HEAD request (no body whatever the headers say).
    var nextResponseHasNoBody = false
    /// Requests only: a head with `Expect: 100-continue` arrived and its body has not.
    private(set) var continueExpected = false

    package init(kind: Kind, limits: HTTPLimits) {
        self.kind = kind
        self.limits = limits
    }

    /// Bytes received but not yet consumed by a complete message.
    var bufferedByteCount: Int { buffer.count - position + body.count }

    /// Whether part of a message has arrived.
    var isMidMessage: Bool {
        if case .head = state { return position < buffer.count }
        return true
    }

    /// Whether the head of the current message is complete (its body is still arriving).
    var hasHead: Bool { head != nil }

    package mutating func append(_ bytes: [UInt8]) {
        if position > 0, position == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            position = 0
        } else if position > 32 * 1024 {
            buffer.removeFirst(position)
            position = 0
        }
        if buffer.isEmpty {
            buffer = bytes
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func acknowledgeContinue() {
        continueExpected = false
    }

    /// The next complete message, or `nil` until more bytes arrive. After an error the parser
    /// stays failed (the connection must close).
    package mutating func next() throws(HTTPError) -> (HTTPMessageHead, [UInt8])? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .head:
                do {
                    guard try parseHead() else { return nil }
                } catch {
                    state = .failed(error)
                    throw error
                }
            case .sizedBody(let remaining):
                let available = buffer.count - position
                let take = min(available, remaining)
                if take > 0 {
                    body.append(contentsOf: buffer[position..<position + take])
                    position += take
                }
                if take == remaining { return complete() }
                state = .sizedBody(remaining: remaining - take)
                return nil
            case .chunkSize:
                guard let line = try takeLine(limit: 1024) else { return nil }
                let sizeText = line.prefix { $0 != UInt8(ascii: ";") }
                var size = 0
                guard !sizeText.isEmpty, sizeText.count <= 8 else { return try fail(.badRequest("bad chunk size")) }
                for byte in sizeText {
                    guard let digit = HTTPRequest.hexValue(byte) else { return try fail(.badRequest("bad chunk size")) }
                    size = size << 4 | Int(digit)
                }
                if size == 0 {
                    state = .trailers
                } else {
                    if body.count + size > limits.maxBodyBytes { return try fail(Self.bodyTooLarge(limits)) }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let available = buffer.count - position
                let take = min(available, remaining)
                if take > 0 {
                    body.append(contentsOf: buffer[position..<position + take])
                    position += take
                }
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard buffer.count - position >= 2 else { return nil }
                guard buffer[position] == 13, buffer[position + 1] == 10 else {
                    return try fail(.badRequest("chunk data is not followed by CRLF"))
                }
                position += 2
                state = .chunkSize
            case .trailers:
                guard let line = try takeLine(limit: limits.maxHeaderBytes) else { return nil }
                if line.isEmpty { return complete() }
                trailerBytes += line.count + 2
                if trailerBytes > limits.maxHeaderBytes {
                    return try fail(HTTPError(status: 431, code: "headers_too_large", message: "the trailer fields are too large"))
                }
            case .untilClose:
                let available = buffer.count - position
                if body.count + available > limits.maxBodyBytes { return try fail(Self.bodyTooLarge(limits)) }
                body.append(contentsOf: buffer[position...])
                position = buffer.count
                return nil
            }
        }
    }

    /// Responses only: the peer closed; a close-delimited body is complete now.
    mutating func finish() -> (HTTPMessageHead, [UInt8])? {
        if case .untilClose = state { return complete() }
        return nil
    }

    private mutating func fail(_ error: HTTPError) throws(HTTPError) -> (HTTPMessageHead, [UInt8])? {
        state = .failed(error)
        throw error
    }

    private mutating func complete() -> (HTTPMessageHead, [UInt8])? {
        let message = (head ?? HTTPMessageHead(), body)
        head = nil
        body = []
        trailerBytes = 0
        continueExpected = false
        nextResponseHasNoBody = false
        state = .head
        return message
    }

    private static func bodyTooLarge(_ limits: HTTPLimits) -> HTTPError {
        HTTPError(status: 413, code: "body_too_large", message: "the body exceeds \(limits.maxBodyBytes) bytes")
    }

    /// A CRLF-terminated line (without CRLF), or `nil` if incomplete.
    private mutating func takeLine(limit: Int) throws(HTTPError) -> ArraySlice<UInt8>? {
        var index = position
        while index + 1 < buffer.count {
            if buffer[index] == 13 {
                guard buffer[index + 1] == 10 else { throw HTTPError.badRequest("a line ends in CR without LF") }
                let line = buffer[position..<index]
                position = index + 2
                return line
            }
            if buffer[index] == 10 { throw HTTPError.badRequest("a line ends in LF without CR") }
            index += 1
            if index - position > limit { throw HTTPError.badRequest("a chunk line is too long") }
        }
        if buffer.count - position > limit { throw HTTPError.badRequest("a chunk line is too long") }
        return nil
    }

    // MARK: - Head

    private mutating func parseHead() throws(HTTPError) -> Bool {
        if kind == .request {
            while buffer.count - position >= 2, buffer[position] == 13, buffer[position + 1] == 10 {
                position += 2
                scanned = 0
            }
        }
        let available = buffer.count - position
        guard available > 0 else { return false }
        let searchFrom = max(0, scanned - 3)
        let end: Int? = buffer.withUnsafeBufferPointer { raw -> Int? in
            let base = raw.baseAddress! + position
            let found = baas_find_crlfcrlf(base + searchFrom, available - searchFrom)
            return found < 0 ? nil : searchFrom + found
        }
        guard let end else {
            if available > limits.maxHeaderBytes {
                throw HTTPError(status: 431, code: "headers_too_large", message: "the request headers exceed \(limits.maxHeaderBytes) bytes")
            }
            scanned = available
            return false
        }
        if end + 4 > limits.maxHeaderBytes {
            throw HTTPError(status: 431, code: "headers_too_large", message: "the request headers exceed \(limits.maxHeaderBytes) bytes")
        }
        let headBytes = buffer[position..<position + end]
        position += end + 4
        scanned = 0
        var parsed = try parseLines(headBytes)
        try decideBody(&parsed)
        return true
    }

    private mutating func parseLines(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> HTTPMessageHead {
        var head = HTTPMessageHead()
        var lineStart = bytes.startIndex
        var first = true
        var index = bytes.startIndex
        while index <= bytes.endIndex {
            if index < bytes.endIndex, bytes[index] != 13 {
                if bytes[index] == 10 { throw HTTPError.badRequest("a header line ends in LF without CR") }
                index += 1
                continue
            }
            if index < bytes.endIndex, index + 1 >= bytes.endIndex || bytes[index + 1] != 10 {
                throw HTTPError.badRequest("a header line ends in CR without LF")
            }
            let line = bytes[lineStart..<index]
            if first {
                try parseStartLine(line, into: &head)
                first = false
            } else {
                try parseField(line, into: &head)
            }
            index += 2
            lineStart = index
        }
        return head
    }

    private func parseStartLine(_ line: ArraySlice<UInt8>, into head: inout HTTPMessageHead) throws(HTTPError) {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        switch kind {
        case .request:
            guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenByte) else {
                throw HTTPError.badRequest("the request line is malformed")
            }
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 32 && $0 < 127 }),
                  parts[1].first == UInt8(ascii: "/") || (parts[1].count == 1 && parts[1].first == UInt8(ascii: "*")) else {
                throw HTTPError.badRequest("the request target is malformed")
            }
            head.method = String(decoding: parts[0], as: UTF8.self)
            head.target = String(decoding: parts[1], as: UTF8.self)
            head.minorVersion = try Self.version(parts[2])
        case .response:
            guard parts.count >= 2, parts[1].count == 3, parts[1].allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw HTTPError(status: 502, code: "bad_response", message: "the status line is malformed")
            }
            head.minorVersion = try Self.version(parts[0])
            head.status = Int(String(decoding: parts[1], as: UTF8.self)) ?? 0
        }
    }

    private static func version(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> Int {
        guard bytes.count == 8, bytes.starts(with: Array("HTTP/".utf8)) else {
            throw HTTPError.badRequest("the HTTP version is malformed")
        }
        let major = bytes[bytes.startIndex + 5], dot = bytes[bytes.startIndex + 6], minor = bytes[bytes.startIndex + 7]
        guard dot == UInt8(ascii: "."), major >= 48, major <= 57, minor >= 48, minor <= 57 else {
            throw HTTPError.badRequest("the HTTP version is malformed")
        }
        guard major == UInt8(ascii: "1") else {
            throw HTTPError(status: 505, code: "http_version_not_supported", message: "only HTTP/1.0 and HTTP/1.1 are served")
        }
        return Int(minor - 48)
    }

    private func parseField(_ line: ArraySlice<UInt8>, into head: inout HTTPMessageHead) throws(HTTPError) {
        guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else {
            throw HTTPError.badRequest("folded or empty header lines are not accepted")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
            throw HTTPError.badRequest("a header line has no name")
        }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy(Self.isTokenByte) else { throw HTTPError.badRequest("a header name is malformed") }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == 32 || byte == 9 { value = value.dropFirst() }
        while let byte = value.last, byte == 32 || byte == 9 { value = value.dropLast() }
        guard value.allSatisfy({ $0 >= 32 || $0 == 9 }), !value.contains(127) else {
            throw HTTPError.badRequest("a header value contains control characters")
        }
        if head.headers.count >= limits.maxHeaderCount {
            throw HTTPError(status: 431, code: "too_many_headers", message: "more than \(limits.maxHeaderCount) header fields")
        }
        head.headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    private mutating func decideBody(_ parsed: inout HTTPMessageHead) throws(HTTPError) {
        let transferEncodings = parsed.headers.values(of: "Transfer-Encoding")
        let lengths = parsed.headers.values(of: "Content-Length")
        if kind == .request, parsed.minorVersion == 1, parsed.headers["Host"] == nil {
            throw HTTPError.badRequest("HTTP/1.1 requests must carry a Host header")
        }
        head = parsed
        if kind == .response {
            let status = parsed.status
            if nextResponseHasNoBody || status == 204 || status == 304 || (100..<200).contains(status) {
                state = .sizedBody(remaining: 0)
                return
            }
        }
        if !transferEncodings.isEmpty {
            guard lengths.isEmpty else {
                throw HTTPError.badRequest("a message must not have both Content-Length and Transfer-Encoding")
            }
            guard parsed.minorVersion == 1 else { throw HTTPError.badRequest("Transfer-Encoding needs HTTP/1.1") }
            guard transferEncodings.count == 1, HTTPHeaders.equalNames(transferEncodings[0].trimmingSpaces, "chunked") else {
                throw HTTPError(status: 501, code: "not_implemented", message: "only the chunked transfer coding is supported")
            }
            state = .chunkSize
        } else if !lengths.isEmpty {
            let distinct = Set(lengths.flatMap { $0.split(separator: ",").map(\.trimmingSpaces) })
            guard distinct.count == 1, let text = distinct.first, !text.isEmpty, text.count <= 18,
                  text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(text) else {
                throw HTTPError.badRequest("the Content-Length header is malformed")
            }
            if length > limits.maxBodyBytes { throw Self.bodyTooLarge(limits) }
            state = .sizedBody(remaining: length)
        } else if kind == .response {
            state = .untilClose
        } else {
            state = .sizedBody(remaining: 0)
        }
        if kind == .request, parsed.headers.contains("Expect", token: "100-continue") {
            if case .sizedBody(let remaining) = state, remaining == 0 {} else { continueExpected = true }
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
