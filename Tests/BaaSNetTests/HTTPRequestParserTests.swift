import BaaSNet
import Testing

@Suite struct HTTPRequestParserTests {
    private func parseAll(_ text: String, limits: HTTPLimits = HTTPLimits(), chunkSize: Int = .max) throws -> [HTTPRequestParser.Request] {
        var parser = HTTPRequestParser(limits: limits)
        var requests: [HTTPRequestParser.Request] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize)
            parser.append(Array(bytes[offset..<end]))
            offset = end
            while let request = try parser.next() { requests.append(request) }
        }
        return requests
    }

    @Test(arguments: [1, 3, 1000])
    func parsesPipelinedRequestsInOrderWhateverTheChunking(_ chunkSize: Int) throws {
        let text = "GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
            + "GET /d HTTP/1.0\r\n\r\n"
        let requests = try parseAll(text, chunkSize: chunkSize)
        #expect(requests.map(\.method) == ["GET", "POST", "PUT", "GET"])
        #expect(requests.map(\.target) == ["/a?x=1", "/b", "/c", "/d"])
        #expect(requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "hello", "abcde", ""])
        #expect(requests.map(\.keepAlive) == [true, true, true, false])
        #expect(requests[1].headers["content-length"] == "5")
    }

    @Test func connectionCloseEndsKeepAlive() throws {
        let requests = try parseAll("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        #expect(requests.first?.keepAlive == false)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400),
        ("GET /\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET nopath HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTX/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", 400),
    ])
    func refusesMalformedRequests(_ text: String, _ status: Int) {
        do {
            _ = try parseAll(text)
            Issue.record("accepted: \(text.debugDescription)")
        } catch let error as HTTPError {
            #expect(error.status == status, "\(text.debugDescription): \(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func refusesOversizedHeadersBeforeTheyEnd() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 1024))
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\nX-Big: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 2000))
        #expect(throws: HTTPError(status: 431, code: "headers_too_large", message: "")) { _ = try parser.next() }
    }

    @Test func refusesTooManyHeaders() {
        let headers = (0..<20).map { "X-\($0): v\r\n" }.joined()
        #expect(throws: HTTPError(status: 431, code: "too_many_headers", message: "")) {
            _ = try parseAll("GET / HTTP/1.1\r\nHost: h\r\n\(headers)\r\n", limits: HTTPLimits(maxHeaderCount: 10))
        }
    }

    @Test(arguments: ["Content-Length: 2000\r\n\r\n", "Transfer-Encoding: chunked\r\n\r\n400\r\n" + String(repeating: "a", count: 1024) + "\r\n400\r\n"])
    func refusesOversizedBodies(_ framing: String) {
        #expect(throws: HTTPError(status: 413, code: "body_too_large", message: "")) {
            _ = try parseAll("POST / HTTP/1.1\r\nHost: h\r\n" + framing, limits: HTTPLimits(maxBodyBytes: 1500))
        }
    }

    @Test func staysFailedAfterAnError() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("BAD\r\n\r\n".utf8))
        #expect(throws: HTTPError.self) { _ = try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(throws: HTTPError.self) { _ = try parser.next() }
    }

    @Test func reportsExpectContinueUntilTheBodyArrives() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.continueExpected)
        #expect(parser.isReadingBody)
        parser.acknowledgeContinue()
        parser.append(Array("abc".utf8))
        #expect(try parser.next()?.body == Array("abc".utf8))
    }
}
