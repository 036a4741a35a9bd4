import BaaSCrypto
import Foundation

/// The controller's platform root CA: created on first start next to the database
/// (`platform-ca.pem`, and `platform-ca.key` with mode 0600), it signs the controller's own TLS
/// certificates (API and agent gateway) when none is configured, and the hosts' short-lived
/// client certificates. Agents pin it by the SHA-256 of its DER encoding.
///
/// Thread-safe (immutable).
public struct PlatformCA: Sendable {
    public let issuer: CertificateIssuer
    public var certificate: Certificate { issuer.certificate }
    /// Lowercase hex SHA-256 of the root's DER: the pin in every join token.
    public var pinSHA256: String { certificate.fingerprintSHA256.lowercased() }

    public init(issuer: CertificateIssuer) {
        self.issuer = issuer
    }

    /// Loads the CA from `directory`, creating it (ten-year P-256 root) when absent.
    ///
    /// - Throws: `ControllerError` `platform_ca_unreadable` when the files exist but do not parse
    ///   or cannot be written.
    public static func loadOrCreate(directory: String, now: Date = Date()) throws -> PlatformCA {
        let certificatePath = directory + "/platform-ca.pem"
        let keyPath = directory + "/platform-ca.key"
        if let certificateText = try? String(contentsOfFile: certificatePath, encoding: .utf8),
           let keyText = try? String(contentsOfFile: keyPath, encoding: .utf8) {
            do {
                return PlatformCA(issuer: try CertificateIssuer(certificate: try Certificate(pem: certificateText),
                                                                signer: try PrivateKey(pem: keyText)))
            } catch {
                throw ControllerError.internal("platform_ca_unreadable", "The platform CA in \(certificatePath) and \(keyPath) does not load (\(error)); restore them from a backup.")
            }
        }
        let key = PrivateKey.generate(.p256)
        let builder = CertificateBuilder.rootCA(subject: DistinguishedName(commonName: "BaaS platform root", organization: "BaaS"),
                                                notBefore: now.addingTimeInterval(-300),
                                                notAfter: now.addingTimeInterval(10 * 365 * 86400))
        let issuer = try CertificateIssuer.selfSigned(builder, signer: key)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: keyPath, contents: Data(key.pemPKCS8().utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw ControllerError.internal("platform_ca_unreadable", "Cannot write \(keyPath).")
            }
            try issuer.certificate.pem().write(toFile: certificatePath, atomically: true, encoding: .utf8)
        } catch let error as ControllerError {
            throw error
        } catch {
            throw ControllerError.internal("platform_ca_unreadable", "Cannot write the platform CA to \(directory): \(error)")
        }
        return PlatformCA(issuer: issuer)
    }

    /// A TLS server certificate for `names`, for a key made now; valid one year.
    public func issueServerCertificate(names: [SubjectAlternativeName], key: PrivateKey, now: Date = Date()) throws -> Certificate {
        let builder = CertificateBuilder.leaf(subject: DistinguishedName(commonName: "baas-controller"),
                                              subjectAlternativeNames: names,
                                              notBefore: now.addingTimeInterval(-300), notAfter: now.addingTimeInterval(365 * 86400),
                                              extendedKeyUsage: [.serverAuth])
        return try issuer.issue(builder, for: key.publicKey)
    }

    /// A host's client certificate: CN = host id, client auth only, valid `lifetime`. It is
    /// backdated by a little (clock skew) but not so much that the agent's 2/3 renewal point moves.
    public func issueHostCertificate(hostID: String, publicKey: PublicKey, lifetime: TimeInterval, now: Date = Date()) throws -> Certificate {
        let builder = CertificateBuilder.leaf(subject: DistinguishedName(commonName: hostID, organization: "BaaS hosts"),
                                              subjectAlternativeNames: [.uri("baas://host/\(hostID)")],
                                              notBefore: now.addingTimeInterval(-min(60, lifetime / 20)), notAfter: now.addingTimeInterval(lifetime),
                                              extendedKeyUsage: [.clientAuth])
        return try issuer.issue(builder, for: publicKey)
    }

    /// The names the controller's own certificate carries: loopback, this machine's name and the
    /// listen host when it is specific.
    public static func serverNames(listenHost: String) -> [SubjectAlternativeName] {
        var names: [SubjectAlternativeName] = [.dns("localhost"), .ip("127.0.0.1"), .ip("::1")]
        let hostName = ProcessInfo.processInfo.hostName
        if !hostName.isEmpty, hostName != "localhost" { names.append(.dns(hostName)) }
        if !["0.0.0.0", "::", "127.0.0.1", "::1", "localhost", ""].contains(listenHost) {
            names.append(listenHost.contains(where: { $0.isLetter && !$0.isHexDigit }) || !listenHost.contains(where: { $0 == "." || $0 == ":" })
                         ? .dns(listenHost) : .ip(listenHost))
        }
        return names
    }
}
