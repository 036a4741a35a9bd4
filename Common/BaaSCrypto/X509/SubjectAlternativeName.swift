/// A subject alternative name: the DNS names, IP addresses and URIs a certificate is valid for.
public enum SubjectAlternativeName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A DNS name such as `node1.example.net` (wildcards like `*.example.net` allowed).
    case dns(String)
    /// An IPv4 or IPv6 address in text form (`127.0.0.1`, `::1`).
    case ip(String)
    /// A URI, e.g. a SPIFFE-style identity `baas://network/n1/node/3`.
    case uri(String)

    /// `DNS:…`, `IP:…` or `URI:…`, as `openssl x509 -text` prints it.
    public var description: String {
        switch self {
        case .dns(let name): "DNS:\(name)"
        case .ip(let address): "IP:\(address)"
        case .uri(let uri): "URI:\(uri)"
        }
    }
}
