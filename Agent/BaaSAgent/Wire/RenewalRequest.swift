/// `host.renew`: a fresh CSR for the agent's (unchanged) key.
public struct RenewalRequest: Codable, Sendable, Equatable {
    public var csr: String

    public init(csr: String) {
        self.csr = csr
    }
}
