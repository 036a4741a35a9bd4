// libFuzzer target for the HTTP/1.1 request parser. Built and run by
// `packaging/dev/fuzz.sh http [seconds]`, compiled into the BaaSNet module together with the
// parser's pure sources (no SwiftPM, no sockets).
//
// Input layout: byte 0 picks the chunk size used to feed the rest. Beyond "never crashes", the
// requests and the final error must not depend on how the bytes were split.

private let fuzzLimits = HTTPLimits(maxHeaderBytes: 1024, maxHeaderCount: 16, maxBodyBytes: 4096)

private struct Outcome: Equatable {
    var requests: [String] = []
    var error: HTTPError?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func httpRequestParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunkSize = Int(data[0] % 32) + 1
    let stream = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = parse(stream, chunkSize: stream.count + 1)
    let chunked = parse(stream, chunkSize: chunkSize)
    precondition(whole == chunked, "splitting the bytes changed the result: \(whole) vs \(chunked)")
    return 0
}

private func parse(_ stream: [UInt8], chunkSize: Int) -> Outcome {
    var parser = HTTPRequestParser(limits: fuzzLimits)
    var outcome = Outcome()
    var offset = 0
    while offset < stream.count {
        let end = min(offset + chunkSize, stream.count)
        parser.append(Array(stream[offset..<end]))
        offset = end
        do {
            while let request = try parser.next() {
                precondition(request.body.count <= fuzzLimits.maxBodyBytes, "body above the limit")
                precondition(request.headers.count <= fuzzLimits.maxHeaderCount, "too many headers accepted")
                let headers = request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                outcome.requests.append("\(request.method) \(request.target) 1.\(request.minorVersion) "
                                        + "\(request.keepAlive) [\(headers)] \(request.body)")
                if parser.continueExpected { parser.acknowledgeContinue() }
            }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}
