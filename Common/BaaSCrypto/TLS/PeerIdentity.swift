/// The verified certificate of the other side of a TLS connection.
///
/// Only produced after OpenSSL verified the chain against the configured trust anchors (and CRLs),
/// so code may authorise on it directly.
public struct PeerIdentity: Sendable, Equatable, Hashable {
    /// The subject in RFC 2253 form, e.g. `CN=agent-7,O=BaaS`.
    public let subject: String
    /// Subject alternative names as `DNS:…`, `IP:…`, `URI:…` or `email:…`.
    public let subjectAlternativeNames: [String]
    /// SHA-256 of the certificate's DER encoding, lowercase hex.
    public let fingerprintSHA256: String
    /// The serial number, uppercase hex without leading zeros.
    public let serialNumber: String

    /// An identity from its parts (tests and in-memory transports build these directly).
    public init(subject: String, subjectAlternativeNames: [String], fingerprintSHA256: String, serialNumber: String) {
        self.subject = subject
        self.subjectAlternativeNames = subjectAlternativeNames
        self.fingerprintSHA256 = fingerprintSHA256
        self.serialNumber = serialNumber
    }

    /// The value of the first `CN=` in the subject, if any.
    public var commonName: String? {
        for part in subject.split(separator: ",") {
            let trimmed = part.drop(while: { $0 == " " })
            if trimmed.hasPrefix("CN=") { return String(trimmed.dropFirst(3)) }
        }
        return nil
    }
}
