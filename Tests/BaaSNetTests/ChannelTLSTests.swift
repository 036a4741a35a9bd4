import BaaSCrypto
import Synchronization
import Testing
@testable import BaaSNet

/// The channel over real mutual TLS on 127.0.0.1.
@Suite struct ChannelTLSTests {
    static func configuration(_ role: ChannelRole, versions: ClosedRange<UInt16> = 1...1,
                              heartbeat: Duration = .seconds(10), silence: Duration? = nil) -> ChannelConfiguration {
        ChannelConfiguration(hello: ChannelHello(versions: versions, role: role, identity: "\(role)-test"),
                             heartbeatInterval: heartbeat, peerSilenceTimeout: silence)
    }

    static func server(port: UInt16 = 0, heartbeat: Duration = .seconds(10), silence: Duration? = nil,
                       handler: any ChannelHandler = ChannelRecordingHandler()) throws -> ChannelServer {
        try ChannelServer(port: port, tls: try TestTLS.serverContext(), group: channelTestGroup,
                          configuration: configuration(.controller, heartbeat: heartbeat, silence: silence),
                          handler: handler)
    }

    static func client(port: UInt16, versions: ClosedRange<UInt16> = 1...1, heartbeat: Duration = .seconds(10),
                       silence: Duration? = nil,
                       handler: any ChannelHandler = ChannelRecordingHandler()) throws -> ChannelClient {
        ChannelClient(host: "127.0.0.1", port: port, tls: try TestTLS.clientContext(TestTLS.certificates.client),
                      eventLoop: channelTestGroup.next(),
                      configuration: configuration(.agent, versions: versions, heartbeat: heartbeat, silence: silence),
                      handler: handler,
                      backoff: ReconnectBackoff(base: .milliseconds(50), cap: .milliseconds(400)))
    }

    @Test func requestsEventsAndIdentitiesFlowBothWays() async throws {
        let serverSide = ChannelRecordingHandler()
        let server = try Self.server(handler: serverSide)
        defer { server.close() }
        let client = try Self.client(port: server.port)
        let running = Task { await client.run() }
        defer { client.stop(); running.cancel() }

        let channel = await client.waitUntilConnected()
        #expect(channel.peer?.role == .controller)
        #expect(channel.peerIdentity?.commonName == "localhost")
        #expect(try await channel.request("echo", body: [1, 2, 3]) == .ok([1, 2, 3]))

        #expect(await eventually { server.openChannelCount == 1 })
        let serverChannel = try #require(server.openChannels.first)
        #expect(serverChannel.peerIdentity?.commonName == "agent-1")
        #expect(serverChannel.peer?.identity == "agent-test")
        #expect(try await serverChannel.request("echo", body: [9]) == .ok([9]))

        try channel.sendEvent("metrics", body: [4, 2])
        #expect(await eventually { serverSide.entries.contains("event metrics [4, 2]") })
    }

    @Test func heartbeatsKeepAnIdleChannelOpen() async throws {
        // The channel stays idle for longer than the silence timeout, so only heartbeats can keep
        // it open. The timeout is forty heartbeats wide: a loaded machine delaying a few of them
        // must not drop the channel.
        let server = try Self.server(heartbeat: .milliseconds(100), silence: .seconds(4))
        defer { server.close() }
        let client = try Self.client(port: server.port, heartbeat: .milliseconds(100), silence: .seconds(4))
        let running = Task { await client.run() }
        defer { client.stop(); running.cancel() }
        let channel = await client.waitUntilConnected()

        try await Task.sleep(for: .seconds(6))
        #expect(channel.isOpen, "closed with \(String(describing: channel.closeReason)); client saw \(String(describing: client.lastError))")
        #expect(client.channel === channel, "no reconnect happened")
        #expect(client.attempts == 1)
        #expect(server.openChannelCount == 1)
    }

    @Test func silentPeerIsDetectedAndDropped() async throws {
        let serverSide = ChannelRecordingHandler()
        let server = try Self.server(heartbeat: .milliseconds(100), silence: .milliseconds(800), handler: serverSide)
        defer { server.close() }
        // A raw TLS client that says hello and then nothing, not even heartbeats. The hello goes
        // out from the loop thread as soon as TLS is up: the silence timer also bounds the
        // handshake, and the test's task may wait long for a thread on a loaded machine.
        let hello = ChannelHello(versions: 1...1, role: .agent, identity: "mute")
        let raw = RecordingHandler(greeting: try Frame.encode(ChannelMessage.hello(hello).encoded()))
        let connection = try await Connection.connect(host: "127.0.0.1", port: server.port,
                                                      tls: try TestTLS.clientContext(TestTLS.certificates.client),
                                                      on: channelTestGroup.next(), handler: raw)
        defer { connection.abort() }
        try await serverSide.waitEstablished()
        #expect(await eventually { raw.snapshot.closed })
        #expect(await eventually { server.openChannelCount == 0 })

        var decoder = FrameDecoder()
        decoder.append(raw.snapshot.received)
        var messages: [ChannelMessage] = []
        while let payload = try decoder.next() { messages.append(try ChannelMessage(decoding: payload)) }
        guard case .goodbye(let code, _) = messages.last else {
            Issue.record("expected a goodbye last, got \(messages)")
            return
        }
        #expect(code == "net.channel_peer_silent")
        #expect(messages.contains(.heartbeat), "the server kept sending heartbeats until it gave up")
    }

    @Test func incompatibleVersionIsRefusedWithReason() async throws {
        let server = try Self.server()
        defer { server.close() }
        let client = try Self.client(port: server.port, versions: 7...9)
        let running = Task { await client.run() }
        defer { client.stop(); running.cancel() }
        #expect(await eventually { client.lastError?.code == "net.channel_version" })
        #expect(client.lastError?.message.contains("7...9") == true)
        #expect(client.channel == nil)
        #expect(server.openChannelCount == 0)
    }

    @Test func clientReconnectsAfterServerRestart() async throws {
        var server = try Self.server()
        let port = server.port
        let client = try Self.client(port: port)
        let running = Task { await client.run() }
        defer { client.stop(); running.cancel() }
        let first = await client.waitUntilConnected()
        #expect(try await first.request("echo", body: [1]) == .ok([1]))

        server.close()
        #expect(await eventually { !first.isOpen })
        try await Task.sleep(for: .milliseconds(300))
        server = try Self.server(port: port)
        defer { server.close() }

        let second = await client.waitUntilConnected()
        #expect(second !== first)
        #expect(try await second.request("echo", body: [2]) == .ok([2]))
        #expect(client.attempts >= 2)
    }

    @Test func clientRetriesWhileServerIsDownAndStopsWhenAsked() async throws {
        let gone = try Self.server()
        let port = gone.port
        gone.close()
        try await Task.sleep(for: .milliseconds(100))
        let client = try Self.client(port: port)
        let finished = Mutex(false)
        let running = Task {
            await client.run()
            finished.withLock { $0 = true }
        }
        defer { running.cancel() }
        #expect(await eventually { client.attempts >= 3 })
        #expect(client.lastError?.code == "net.connect")
        #expect(client.channel == nil)
        client.stop()
        #expect(await eventually { finished.withLock { $0 } })
    }
}
