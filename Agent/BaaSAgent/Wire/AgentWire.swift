import FoundationEssentials

/// The agent↔controller protocol in one place: channel method and event names, and the JSON
/// coding every message body uses (property names as keys, ISO 8601 times). The controller imports this
/// module for these types only.
///
/// Channel messages (over the gateway's mutual-TLS framed channel):
/// - agent → controller request `host.hello` (`HostReport`) → `DesiredState`: sent on every connect.
/// - agent → controller request `host.renew` (`RenewalRequest`) → `RenewalResponse`.
/// - agent → controller event `host.metrics` (`MetricsBatch`) and `host.nodes` (`NodeReport`).
/// - controller → agent request `host.desired` (`DesiredState`) → `NodeReport`.
/// - controller → agent event `host.revoked` (`Revocation`): the host was revoked; the channel closes.
public enum AgentWire {
    public static let hello = "host.hello"
    public static let renew = "host.renew"
    public static let metrics = "host.metrics"
    public static let nodes = "host.nodes"
    public static let desired = "host.desired"
    public static let revoked = "host.revoked"
    /// Channel feature string both ends announce.
    public static let feature = "baas-agent/1"

    /// Encodes a message body.
    public static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        do {
            return Array(try encoder.encode(value))
        } catch {
            // Our wire types hold only strings, numbers, arrays and dictionaries.
            fatalError("cannot encode \(type(of: value)): \(error)")
        }
    }

    /// Decodes a message body.
    ///
    /// - Throws: `AgentError` `agent.bad_message` naming the type.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw AgentError("agent.bad_message", "a \(type) message did not decode: \(error)")
        }
    }
}
