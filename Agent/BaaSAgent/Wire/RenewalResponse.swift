/// The renewed client certificate (PEM).
public struct RenewalResponse: Codable, Sendable, Equatable {
    public var certificate: String

    public init(certificate: String) {
        self.certificate = certificate
    }
}
