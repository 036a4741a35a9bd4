import Foundation
import BaaSCrypto

/// A root → intermediate → leaf hierarchy built in-process for one algorithm.
struct TestPKI {
    let root: CertificateIssuer
    let intermediate: CertificateIssuer
    let intermediateKey: PrivateKey
    let leafKey: PrivateKey
    let leaf: Certificate

    static let now = Date()
    static let year: TimeInterval = 365 * 24 * 3600

    init(_ algorithm: SignatureAlgorithm, leafUsage: [ExtendedKeyUsage] = [.serverAuth],
         leafNotBefore: Date = now - 3600, leafNotAfter: Date = now + year) throws {
        let rootKey = PrivateKey.generate(algorithm)
        root = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: "Test Root \(algorithm)", organization: "BaaS Test", country: "CN"),
                    notBefore: Self.now - 3600, notAfter: Self.now + 10 * Self.year),
            signer: rootKey)
        let intermediateKey = PrivateKey.generate(algorithm)
        let intermediateCertificate = try root.issue(
            .intermediateCA(subject: DistinguishedName(commonName: "Test Intermediate \(algorithm)", organization: "BaaS Test"),
                            notBefore: Self.now - 3600, notAfter: Self.now + 5 * Self.year),
            for: intermediateKey.publicKey)
        intermediate = try CertificateIssuer(certificate: intermediateCertificate, signer: intermediateKey)
        self.intermediateKey = intermediateKey
        leafKey = PrivateKey.generate(algorithm)
        leaf = try intermediate.issue(
            .leaf(subject: DistinguishedName(commonName: "node1.test", organization: "BaaS Test", organizationalUnit: "ledger"),
                  subjectAlternativeNames: [.dns("node1.test"), .ip("127.0.0.1"), .ip("::1"), .uri("baas://network/n1/node/1")],
                  notBefore: leafNotBefore, notAfter: leafNotAfter, extendedKeyUsage: leafUsage),
            for: leafKey.publicKey)
    }

    /// Writes root.pem, intermediate.pem and leaf.pem into `dir`.
    func write(to dir: TemporaryDirectory) throws {
        try dir.write("root.pem", root.certificate.pem())
        try dir.write("intermediate.pem", intermediate.certificate.pem())
        try dir.write("leaf.pem", leaf.pem())
    }
}

/// A `Signer` that is not a `PrivateKey`, as a PKCS#11 key would be.
struct ForwardingSigner: Signer {
    let key: PrivateKey
    var algorithm: SignatureAlgorithm { key.algorithm }
    var publicKey: PublicKey { key.publicKey }
    func sign(_ message: [UInt8]) throws -> [UInt8] { try key.sign(message) }
}
