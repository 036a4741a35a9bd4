/// The answer to an enrollment: the host's id, its client certificate (PEM, short-lived), the
/// platform root (PEM) and the gateway port on the same controller host.
public struct EnrollmentResponse: Codable, Sendable, Equatable {
    public var hostID: String
    public var certificate: String
    public var caCertificate: String
    public var gatewayPort: UInt16

    public init(hostID: String, certificate: String, caCertificate: String, gatewayPort: UInt16) {
        self.hostID = hostID
        self.certificate = certificate
        self.caCertificate = caCertificate
        self.gatewayPort = gatewayPort
    }
}
