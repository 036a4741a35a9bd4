/// `POST /v1/hosts/enroll`: the join token (text form), a PKCS#10 request for the agent's key, the
/// host's name and facts. The subject of the CSR is ignored: the controller names the host.
public struct EnrollmentRequest: Codable, Sendable, Equatable {
    public var token: String
    public var csr: String
    public var name: String
    public var facts: HostFacts

    public init(token: String, csr: String, name: String, facts: HostFacts) {
        self.token = token
        self.csr = csr
        self.name = name
        self.facts = facts
    }
}
