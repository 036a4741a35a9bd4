import FoundationEssentials
import BaaSCrypto
#if canImport(Glibc)
import Glibc
#endif

/// The agent's enrollment on disk, in its state directory: `enrollment.json` (host id, controller
/// address, gateway port), `ca.pem` (the pinned platform root), `agent.pem` (its client
/// certificate) and, unless the key is in a PKCS#11 token, `agent.key` (mode 0600).
public struct AgentIdentity: Codable, Sendable, Equatable {
    public var hostID: String
    public var controllerHost: String
    public var apiPort: UInt16
    public var gatewayPort: UInt16

    public init(hostID: String, controllerHost: String, apiPort: UInt16, gatewayPort: UInt16) {
        self.hostID = hostID
        self.controllerHost = controllerHost
        self.apiPort = apiPort
        self.gatewayPort = gatewayPort
    }

    public static func enrollmentPath(_ directory: String) -> String { directory + "/enrollment.json" }
    public static func caPath(_ directory: String) -> String { directory + "/ca.pem" }
    public static func certificatePath(_ directory: String) -> String { directory + "/agent.pem" }
    public static func keyPath(_ directory: String) -> String { directory + "/agent.key" }

    /// Reads the enrollment of `directory`.
    ///
    /// - Throws: `AgentError` `agent.not_enrolled` when the agent never enrolled.
    public static func load(directory: String) throws -> AgentIdentity {
        guard let data = FileManager.default.contents(atPath: enrollmentPath(directory)) else {
            throw AgentError("agent.not_enrolled", "This host is not enrolled (no \(enrollmentPath(directory))); run 'baas-agent enroll --controller HOST:PORT --token …' first.")
        }
        return try AgentWire.decode(AgentIdentity.self, from: Array(data))
    }

    /// Writes the enrollment record.
    public func save(directory: String) throws {
        try AgentFiles.save(AgentWire.encode(self), to: Self.enrollmentPath(directory), mode: 0o600)
    }

    /// The pinned platform root and this host's current certificate.
    public static func certificates(directory: String) throws -> (ca: Certificate, certificate: Certificate) {
        guard let ca = FileManager.default.contents(atPath: caPath(directory)),
              let certificate = FileManager.default.contents(atPath: certificatePath(directory)) else {
            throw AgentError("agent.not_enrolled", "The certificates in \(directory) are missing; enroll this host again.")
        }
        do {
            return (try Certificate(pem: String(decoding: ca, as: UTF8.self)),
                    try Certificate(pem: String(decoding: certificate, as: UTF8.self)))
        } catch {
            throw AgentError("agent.not_enrolled", "The certificates in \(directory) do not parse (\(error)); enroll this host again.")
        }
    }
}
