import Testing
@testable import BaaSNet

@Suite struct ChannelConnectionTests {
    @Test func requestsAwaitResponsesInBothDirections() async throws {
        let agentSide = ChannelRecordingHandler()
        let controllerSide = ChannelRecordingHandler()
        let pipe = ChannelMemoryPipe(agentHandler: agentSide, controllerHandler: controllerSide)
        try await agentSide.waitEstablished()
        try await controllerSide.waitEstablished()
        #expect(pipe.agent.peer?.role == .controller && pipe.controller.peer?.role == .agent)

        #expect(try await pipe.agent.request("echo", body: [1, 2, 3]) == .ok([1, 2, 3]))
        #expect(try await pipe.controller.request("echo", body: [4]) == .ok([4]))
        #expect(try await pipe.controller.request("nope").status == 404)
        async let many = withThrowingTaskGroup(of: ChannelResponse.self) { group in
            for index in 0..<50 { group.addTask { try await pipe.agent.request("echo", body: [UInt8(index)]) } }
            return try await group.reduce(into: Set<ChannelResponse>()) { $0.insert($1) }
        }
        #expect(try await many == Set((0..<50).map { ChannelResponse.ok([UInt8($0)]) }))
    }

    @Test func eventsReachTheHandler() async throws {
        let controllerSide = ChannelRecordingHandler()
        let agentSide = ChannelRecordingHandler()
        let pipe = ChannelMemoryPipe(agentHandler: agentSide, controllerHandler: controllerSide)
        try await agentSide.waitEstablished()
        try pipe.agent.sendEvent("metrics", body: [7])
        _ = try await pipe.agent.request("echo")
        #expect(controllerSide.entries.contains("event metrics [7]"))
    }

    @Test func requestTimesOutWhenPeerIsSlow() async throws {
        let agentSide = ChannelRecordingHandler()
        let pipe = ChannelMemoryPipe(agentHandler: agentSide, controllerHandler: ChannelRecordingHandler())
        try await agentSide.waitEstablished()
        let error = await #expect(throws: NetError.self) {
            try await pipe.agent.request("slow", timeout: .milliseconds(200))
        }
        #expect(error?.code == "net.channel_request_timeout")
    }

    @Test func closeFailsPendingRequestsAndTellsPeer() async throws {
        let agentSide = ChannelRecordingHandler()
        let controllerSide = ChannelRecordingHandler()
        let pipe = ChannelMemoryPipe(agentHandler: agentSide, controllerHandler: controllerSide)
        try await agentSide.waitEstablished()
        let pending = Task { try await pipe.agent.request("slow") }
        try await Task.sleep(for: .milliseconds(100))
        pipe.agent.close(reason: "agent stopping")
        let error = await #expect(throws: NetError.self) { try await pending.value }
        #expect(error?.code == "net.channel_closed")
        #expect(try await controllerSide.waitClosed() == nil)
        await #expect(throws: NetError("net.channel_closed", "")) { try await pipe.agent.request("echo") }
    }

    @Test func versionMismatchClosesBothEndsWithReason() async throws {
        let agentSide = ChannelRecordingHandler()
        let controllerSide = ChannelRecordingHandler()
        _ = ChannelMemoryPipe(agentHandler: agentSide, controllerHandler: controllerSide,
                              agentVersions: 3...4, controllerVersions: 1...2)
        let agentError = try await agentSide.waitClosed()
        #expect(agentError?.code == "net.channel_version")
        #expect(try await controllerSide.waitClosed()?.code == "net.channel_version")
        #expect(!agentSide.entries.contains { $0.hasPrefix("established") })
    }

    @Test func closeWithCodeReachesPeerAsError() async throws {
        let agentSide = ChannelRecordingHandler()
        let pipe = ChannelMemoryPipe(agentHandler: agentSide, controllerHandler: ChannelRecordingHandler())
        try await agentSide.waitEstablished()
        pipe.controller.close(code: "net.channel_refused", reason: "host-1 was removed; enroll it again")
        let error = try await agentSide.waitClosed()
        #expect(error?.code == "net.channel_refused")
        #expect(error?.message == "host-1 was removed; enroll it again")
    }
}
