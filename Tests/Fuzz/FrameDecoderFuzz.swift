// libFuzzer target for the channel's frame decoder, message decoding and session state machine.
// Built and run by `packaging/dev/fuzz.sh frame [seconds]`, compiled into the BaaSNet module
// together with the pure channel sources (no SwiftPM, no sockets).
//
// Input layout: byte 0 picks the chunk size used to feed the rest, so splits anywhere are explored.
// Properties checked beyond "never crashes":
// - chunked feeding yields exactly the payloads of feeding everything at once;
// - every payload that decodes re-encodes to the same bytes (the encoding is canonical);
// - a session fed the same bytes never throws, and closes at most once.

private let fuzzMaxPayloadSize = 4096

@_cdecl("LLVMFuzzerTestOneInput")
public func frameDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunkSize = Int(data[0] % 16) + 1
    let stream = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    let whole = decodeAll(stream, chunkSize: stream.count + 1)
    let chunked = decodeAll(stream, chunkSize: chunkSize)
    precondition(whole.payloads == chunked.payloads && whole.failed == chunked.failed,
                 "chunking changed what the decoder saw")

    for payload in whole.payloads {
        if let message = try? ChannelMessage(decoding: payload) {
            precondition(message.encoded() == payload, "decode/encode is not canonical")
        }
    }

    // Coarser steps for the session keep executions fast; the decoder above saw the fine splits.
    let step = chunkSize * 64
    for side in [ChannelSession.Side.acceptor, .initiator] {
        var session = ChannelSession(side: side, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: 1...2, role: .controller, identity: "fuzz"),
            heartbeatInterval: .seconds(1), maxPayloadSize: fuzzMaxPayloadSize), now: .zero)
        var closes = 0
        var offset = 0
        var now = Duration.zero
        while offset < stream.count {
            let end = min(offset + step, stream.count)
            for event in session.receive(stream[offset..<end], now: now) {
                if case .closed = event { closes += 1 }
            }
            if session.isOpen {
                _ = try? session.request("fuzz", timeout: .milliseconds(1500), now: now)
            }
            now += .milliseconds(700)
            for event in session.tick(now: now) {
                if case .closed = event { closes += 1 }
            }
            _ = session.takeOutbound()
            offset = end
        }
        precondition(closes <= 1, "a session closed twice")
    }
    return 0
}

private func decodeAll(_ stream: [UInt8], chunkSize: Int) -> (payloads: [[UInt8]], failed: Bool) {
    var decoder = FrameDecoder(maxPayloadSize: fuzzMaxPayloadSize)
    var payloads: [[UInt8]] = []
    var offset = 0
    while offset < stream.count {
        let end = min(offset + chunkSize, stream.count)
        decoder.append(stream[offset..<end])
        offset = end
        do {
            while let payload = try decoder.next() { payloads.append(payload) }
        } catch {
            return (payloads, true)
        }
    }
    return (payloads, false)
}
