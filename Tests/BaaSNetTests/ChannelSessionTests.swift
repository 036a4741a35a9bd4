import Testing
@testable import BaaSNet

/// Two sessions wired back to back in memory; `pump` moves bytes until both are quiet.
private struct ChannelPair {
    var agent: ChannelSession
    var controller: ChannelSession
    var agentEvents: [ChannelEvent] = []
    var controllerEvents: [ChannelEvent] = []

    init(agentVersions: ClosedRange<UInt16> = 1...1, controllerVersions: ClosedRange<UInt16> = 1...1,
         heartbeat: Duration = .seconds(10), silence: Duration? = nil, now: Duration = .zero) {
        agent = ChannelSession(side: .initiator, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: agentVersions, role: .agent, identity: "host-1", features: ["relay"]),
            heartbeatInterval: heartbeat, peerSilenceTimeout: silence), now: now)
        controller = ChannelSession(side: .acceptor, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: controllerVersions, role: .controller, identity: "ctl"),
            heartbeatInterval: heartbeat, peerSilenceTimeout: silence), now: now)
    }

    mutating func pump(now: Duration) {
        while agent.hasOutbound || controller.hasOutbound {
            controllerEvents += controller.receive(agent.takeOutbound(), now: now)
            agentEvents += agent.receive(controller.takeOutbound(), now: now)
        }
    }

    mutating func drainEvents() -> (agent: [ChannelEvent], controller: [ChannelEvent]) {
        defer { agentEvents = []; controllerEvents = [] }
        return (agentEvents, controllerEvents)
    }
}

@Suite struct ChannelSessionTests {
    @Test func negotiatesHighestCommonVersion() {
        var pair = ChannelPair(agentVersions: 1...3, controllerVersions: 2...5)
        pair.pump(now: .zero)
        #expect(pair.agent.state == .open(version: 3))
        #expect(pair.controller.state == .open(version: 3))
        #expect(pair.controllerEvents == [.established(peer: ChannelHello(
            versions: 3...3, role: .agent, identity: "host-1", features: ["relay"]))])
        #expect(pair.agentEvents == [.established(peer: ChannelHello(
            versions: 3...3, role: .controller, identity: "ctl"))])
    }

    @Test func refusesIncompatibleVersionWithReasonOnBothSides() throws {
        var pair = ChannelPair(agentVersions: 4...5, controllerVersions: 1...2)
        pair.pump(now: .zero)
        #expect(pair.agent.state == .closed && pair.controller.state == .closed)
        guard case .closed(let agentError?) = pair.agentEvents.last,
              case .closed(let controllerError?) = pair.controllerEvents.last else {
            Issue.record("both sides should close with an error: \(pair.agentEvents) \(pair.controllerEvents)")
            return
        }
        #expect(agentError.code == "net.channel_version" && controllerError.code == "net.channel_version")
        #expect(agentError.message.contains("1...2") && agentError.message.contains("4...5"))
        #expect(agentError.message.contains("upgrade"))
    }

    @Test func requestsAndResponsesFlowBothWays() throws {
        var pair = ChannelPair()
        pair.pump(now: .zero)
        _ = pair.drainEvents()
        let fromAgent = try pair.agent.request("facts.report", body: [1, 2], now: .seconds(1))
        let fromController = try pair.controller.request("node.start", body: [3], now: .seconds(1))
        pair.pump(now: .seconds(1))
        var events = pair.drainEvents()
        #expect(events.controller == [.request(id: fromAgent, method: "facts.report", body: [1, 2])])
        #expect(events.agent == [.request(id: fromController, method: "node.start", body: [3])])
        try pair.controller.respond(to: fromAgent, status: 200, body: [7], now: .seconds(2))
        try pair.agent.respond(to: fromController, status: 500, body: [8], now: .seconds(2))
        pair.pump(now: .seconds(2))
        events = pair.drainEvents()
        #expect(events.agent == [.response(id: fromAgent, method: "facts.report", status: 200, body: [7])])
        #expect(events.controller == [.response(id: fromController, method: "node.start", status: 500, body: [8])])
        #expect(pair.agent.pendingRequestCount == 0 && pair.controller.pendingRequestCount == 0)
    }

    @Test func deliversEventsInOrder() throws {
        var pair = ChannelPair()
        pair.pump(now: .zero)
        _ = pair.drainEvents()
        for index in 0..<3 { try pair.agent.sendEvent("metrics", body: [UInt8(index)], now: .seconds(1)) }
        pair.pump(now: .seconds(1))
        #expect(pair.controllerEvents == (0..<3).map { .event(name: "metrics", body: [UInt8($0)]) })
    }

    @Test func refusesToSendBeforeHandshake() {
        var agent = ChannelSession(side: .initiator, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: 1...1, role: .agent, identity: "a")), now: .zero)
        #expect(throws: NetError("net.channel_not_open", "")) { try agent.request("x", now: .zero) }
    }

    @Test func requestTimesOutAndLateAnswerIsDropped() throws {
        var pair = ChannelPair()
        pair.pump(now: .zero)
        _ = pair.drainEvents()
        let id = try pair.agent.request("slow", timeout: .seconds(5), now: .seconds(1))
        pair.pump(now: .seconds(1))
        #expect(pair.agent.nextDeadline == .seconds(6))
        #expect(pair.agent.tick(now: .seconds(5)).isEmpty)
        let expired = pair.agent.tick(now: .seconds(6))
        guard case .requestFailed(id, "slow", let error) = expired.first else {
            Issue.record("expected a timeout, got \(expired)")
            return
        }
        #expect(error.code == "net.channel_request_timeout")
        try pair.controller.respond(to: id, status: 200, now: .seconds(7))
        pair.pump(now: .seconds(7))
        #expect(pair.drainEvents().agent.isEmpty)
    }

    @Test func sendsHeartbeatOnlyWhenIdle() throws {
        var pair = ChannelPair(heartbeat: .seconds(10))
        pair.pump(now: .zero)
        _ = pair.tick(now: .seconds(9))
        #expect(!pair.agent.hasOutbound && !pair.controller.hasOutbound)
        _ = pair.tick(now: .seconds(10))
        #expect(pair.agent.takeOutbound() == [0, 0, 0, 1, 6])
        #expect(pair.controller.takeOutbound() == [0, 0, 0, 1, 6])
        try pair.agent.sendEvent("busy", now: .seconds(15))
        _ = pair.agent.tick(now: .seconds(20))
        #expect(try ChannelMessage(decoding: Array(pair.agent.takeOutbound().dropFirst(4))) == .event(name: "busy", body: []),
                "recent traffic postpones the heartbeat")
        #expect(pair.agent.nextDeadline == .seconds(25))
    }

    @Test func heartbeatsKeepIdleChannelOpenForAnHour() {
        var pair = ChannelPair(heartbeat: .seconds(10), silence: .seconds(30))
        var now = Duration.zero
        pair.pump(now: now)
        while now < .seconds(3600) {
            now += .seconds(1)
            pair.agentEvents += pair.agent.tick(now: now)
            pair.controllerEvents += pair.controller.tick(now: now)
            pair.pump(now: now)
        }
        #expect(pair.agent.isOpen && pair.controller.isOpen)
        #expect(!pair.agentEvents.contains { if case .closed = $0 { true } else { false } })
    }

    @Test func dropsSilentPeerAndFailsPendingRequests() throws {
        var pair = ChannelPair(heartbeat: .seconds(10), silence: .seconds(30))
        pair.pump(now: .zero)
        let id = try pair.controller.request("node.status", timeout: .seconds(60), now: .seconds(1))
        _ = pair.controller.takeOutbound()
        #expect(pair.controller.tick(now: .seconds(29)).isEmpty)
        let events = pair.controller.tick(now: .seconds(30))
        #expect(events.count == 2)
        guard case .requestFailed(id, "node.status", let failed) = events.first,
              case .closed(let error?) = events.last else {
            Issue.record("unexpected \(events)")
            return
        }
        #expect(failed.code == "net.channel_closed")
        #expect(error.code == "net.channel_peer_silent")
        #expect(pair.controller.state == .closed && pair.controller.nextDeadline == nil)
    }

    @Test func handshakeThatNeverCompletesTimesOut() {
        var controller = ChannelSession(side: .acceptor, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: 1...1, role: .controller, identity: ""),
            peerSilenceTimeout: .seconds(5)), now: .zero)
        #expect(controller.nextDeadline == .seconds(5))
        guard case .closed(let error?) = controller.tick(now: .seconds(5)).last else {
            Issue.record("expected a close")
            return
        }
        #expect(error.code == "net.channel_peer_silent")
        #expect(error.message.contains("handshake"))
        #expect(error.message.contains("for 5 s;"))
    }

    @Test func subSecondSilenceIsReportedInMilliseconds() {
        var controller = ChannelSession(side: .acceptor, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: 1...1, role: .controller, identity: ""),
            peerSilenceTimeout: .milliseconds(400)), now: .zero)
        guard case .closed(let error?) = controller.tick(now: .milliseconds(400)).last else {
            Issue.record("expected a close")
            return
        }
        #expect(error.message.contains("for 400 ms;"), "got: \(error.message)")
    }

    @Test func gracefulCloseReachesPeerWithoutError() throws {
        var pair = ChannelPair()
        pair.pump(now: .zero)
        _ = pair.drainEvents()
        let id = try pair.agent.request("pending", now: .seconds(1))
        pair.pump(now: .seconds(1))
        _ = pair.drainEvents()
        let closing = pair.agent.close(reason: "agent shutting down", now: .seconds(2))
        #expect(closing.first == .requestFailed(id: id, method: "pending", error: NetError("net.channel_closed", "")))
        #expect(closing.last == .closed(nil))
        pair.pump(now: .seconds(2))
        #expect(pair.controllerEvents == [.closed(nil)])
        #expect(throws: NetError("net.channel_closed", "")) { try pair.agent.sendEvent("late", now: .seconds(3)) }
    }

    @Test(arguments: [
        ("request before hello", ChannelMessage.request(id: 1, method: "x", body: [])),
        ("heartbeat before hello", ChannelMessage.heartbeat),
        ("hello ack to acceptor", ChannelMessage.helloAck(ChannelHello(versions: 1...1, role: .agent, identity: ""))),
    ])
    func acceptorRejectsWrongFirstMessage(name: String, message: ChannelMessage) throws {
        var controller = ChannelSession(side: .acceptor, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: 1...1, role: .controller, identity: "")), now: .zero)
        let events = controller.receive(try Frame.encode(message.encoded()), now: .zero)
        guard case .closed(let error?) = events.last else { Issue.record("\(name): \(events)"); return }
        #expect(error.code == "net.frame_malformed")
        let goodbye = try ChannelMessage(decoding: Array(controller.takeOutbound().dropFirst(4)))
        guard case .goodbye(let code, _) = goodbye else { Issue.record("\(name): no goodbye"); return }
        #expect(code == "net.frame_malformed")
    }

    @Test func garbageClosesSessionInsteadOfCrashing() {
        var controller = ChannelSession(side: .acceptor, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: 1...1, role: .controller, identity: ""), maxPayloadSize: 1024), now: .zero)
        let events = controller.receive(Array("GET / HTTP/1.1\r\n\r\n".utf8), now: .zero)
        guard case .closed(let error?) = events.last else { Issue.record("\(events)"); return }
        #expect(error.code == "net.frame_too_large")
        #expect(controller.receive([0, 0, 0, 1, 6], now: .zero).isEmpty)
    }

    @Test func responseToUnknownIdIsIgnored() throws {
        var pair = ChannelPair()
        pair.pump(now: .zero)
        _ = pair.drainEvents()
        try pair.controller.respond(to: 999, status: 200, now: .seconds(1))
        pair.pump(now: .seconds(1))
        #expect(pair.agentEvents.isEmpty && pair.agent.isOpen)
    }
}

extension ChannelPair {
    mutating func tick(now: Duration) -> (agent: [ChannelEvent], controller: [ChannelEvent]) {
        (agent.tick(now: now), controller.tick(now: now))
    }
}
