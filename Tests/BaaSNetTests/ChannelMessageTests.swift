import Testing
@testable import BaaSNet

@Suite struct ChannelMessageTests {
    static let samples: [ChannelMessage] = [
        .hello(ChannelHello(versions: 1...3, role: .agent, identity: "host-7", features: ["relay", "métriques"])),
        .helloAck(ChannelHello(versions: 2...2, role: .controller, identity: "", features: [])),
        .request(id: 1, method: "node.start", body: Array("{\"id\":1}".utf8)),
        .request(id: .max, method: "", body: []),
        .response(id: 42, status: 404, body: [0, 1, 2, 255]),
        .event(name: "metrics", body: [0xEE, 0]),
        .heartbeat,
        .goodbye(code: "", reason: "shutting down"),
        .goodbye(code: "net.channel_version", reason: "upgrade the older side"),
    ]

    @Test(arguments: samples)
    func roundTripsThroughBinaryEncoding(message: ChannelMessage) throws {
        #expect(try ChannelMessage(decoding: message.encoded()) == message)
    }

    @Test func roundTripsBodyLargerThan64KiB() throws {
        let message = ChannelMessage.event(name: "snapshot", body: (0..<70_000).map { UInt8(truncatingIfNeeded: $0) })
        #expect(try ChannelMessage(decoding: message.encoded()) == message)
    }

    @Test func heartbeatIsOneByte() {
        #expect(ChannelMessage.heartbeat.encoded() == [6])
    }

    @Test func encodesRequestFieldsBigEndian() {
        let bytes = ChannelMessage.request(id: 0x0102, method: "ab", body: [9]).encoded()
        #expect(bytes == [3, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, 0x61, 0x62, 0, 0, 0, 1, 9])
    }

    @Test(arguments: [
        ("empty", [UInt8]()),
        ("unknown tag", [99]),
        ("truncated id", [3, 0, 0, 1]),
        ("string past end", [5, 0, 9, 0x61]),
        ("body past end", [4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 200, 0xFF, 0xFF, 0xFF, 0xFF]),
        ("invalid utf-8", [7, 0, 1, 0xC3, 0, 0]),
        ("trailing bytes", [6, 0]),
        ("empty version range", [1, 0, 3, 0, 1, 1, 0, 0, 0, 0]),
        ("unknown role", [1, 0, 1, 0, 1, 9, 0, 0, 0, 0]),
        ("missing features", [1, 0, 1, 0, 1, 1, 0, 0, 0, 5]),
    ] as [(String, [UInt8])])
    func rejectsMalformedPayload(name: String, payload: [UInt8]) {
        let error = #expect(throws: NetError.self, "\(name)") { try ChannelMessage(decoding: payload) }
        #expect(error?.code == "net.frame_malformed")
    }

    @Test func cutsOverlongStringAtCharacterBoundary() throws {
        let reason = String(repeating: "é", count: 40_000)
        let decoded = try ChannelMessage(decoding: ChannelMessage.goodbye(code: "", reason: reason).encoded())
        guard case .goodbye(_, let cut) = decoded else { Issue.record("not a goodbye"); return }
        #expect(cut.utf8.count <= 65_535)
        #expect(cut.allSatisfy { $0 == "é" })
        #expect(cut.count == 32_767)
    }
}
