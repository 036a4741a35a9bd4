import BaaSNet

/// The agent's side of the channel: answers the controller's desired-state pushes and reacts to
/// a revocation notice.
struct AgentChannelHandler: ChannelHandler {
    let runtime: AgentRuntime

    func established(_ connection: ChannelConnection) {
        runtime.established(connection)
    }

    func request(method: String, body: [UInt8], on connection: ChannelConnection) async -> ChannelResponse {
        switch method {
        case AgentWire.desired:
            do {
                let desired = try AgentWire.decode(DesiredState.self, from: body)
                return .ok(AgentWire.encode(runtime.apply(desired)))
            } catch {
                return ChannelResponse(status: 400, body: Array("\(error)".utf8))
            }
        default:
            return ChannelResponse(status: 404, body: Array("unknown method \(method)".utf8))
        }
    }

    func event(name: String, body: [UInt8], on connection: ChannelConnection) {
        if name == AgentWire.revoked, let revocation = try? AgentWire.decode(Revocation.self, from: body) {
            runtime.revoked(revocation)
        }
    }
}
