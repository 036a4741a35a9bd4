import Testing
@testable import BaaSNet

@Suite struct ChannelFrameTests {
    @Test func encodesLengthBigEndianBeforePayload() throws {
        #expect(try Frame.encode([0xAA, 0xBB, 0xCC]) == [0, 0, 0, 3, 0xAA, 0xBB, 0xCC])
        #expect(try Frame.encode([]) == [0, 0, 0, 0])
    }

    @Test func refusesToSendPayloadAboveLimit() {
        #expect(throws: NetError("net.frame_too_large", "")) {
            try Frame.encode([UInt8](repeating: 1, count: 11), maxPayloadSize: 10)
        }
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64, 4096])
    func decodesFramesFedInChunksOf(size: Int) throws {
        let payloads: [[UInt8]] = [[], [1], Array(0..<200).map { UInt8($0) }, [9, 9, 9], []]
        var stream: [UInt8] = []
        for payload in payloads { try Frame.append(payload, to: &stream) }
        var decoder = FrameDecoder()
        var decoded: [[UInt8]] = []
        var offset = 0
        while offset < stream.count {
            decoder.append(stream[offset..<min(offset + size, stream.count)])
            offset += size
            while let payload = try decoder.next() { decoded.append(payload) }
        }
        #expect(decoded == payloads)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func waitsForTheWholeFrame() throws {
        var decoder = FrameDecoder()
        decoder.append([0, 0, 0, 4, 1, 2, 3])
        #expect(try decoder.next() == nil)
        decoder.append([4])
        #expect(try decoder.next() == [1, 2, 3, 4])
        #expect(try decoder.next() == nil)
    }

    @Test func rejectsAnnouncedLengthAboveLimitBeforeTheBytesArrive() throws {
        var decoder = FrameDecoder(maxPayloadSize: 1024)
        decoder.append([0xFF, 0xFF, 0xFF, 0xFF])
        let error = #expect(throws: NetError.self) { try decoder.next() }
        #expect(error?.code == "net.frame_too_large")
        #expect(error?.message.contains("4294967295") == true)
        decoder.append([0, 0, 0, 0])
        #expect(throws: NetError("net.frame_too_large", "")) { try decoder.next() }
    }

    @Test func acceptsPayloadExactlyAtLimit() throws {
        var decoder = FrameDecoder(maxPayloadSize: 8)
        decoder.append(try Frame.encode([UInt8](repeating: 7, count: 8), maxPayloadSize: 8))
        #expect(try decoder.next() == [UInt8](repeating: 7, count: 8))
    }
}
