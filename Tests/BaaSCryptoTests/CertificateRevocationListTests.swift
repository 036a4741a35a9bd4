import Foundation
import Testing
import BaaSCrypto

@Suite struct CertificateRevocationListTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func issuedListRoundTripsAndNamesRevokedSerials(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        let revokedAt = TestPKI.now - 60
        let crl = try CertificateRevocationList(
            issuer: pki.intermediate,
            revoked: [RevokedCertificate(serialNumber: pki.leaf.serialNumber, revocationDate: revokedAt, reason: .keyCompromise),
                      RevokedCertificate(serialNumber: "00ABCDEF", revocationDate: revokedAt)],
            thisUpdate: TestPKI.now - 120, nextUpdate: TestPKI.now + 86400, number: 7)
        #expect(crl.issuer == pki.intermediate.certificate.subject)
        #expect(crl.number == 7)
        #expect(abs(crl.thisUpdate.timeIntervalSince(TestPKI.now - 120)) < 1)
        #expect(abs((crl.nextUpdate ?? .distantPast).timeIntervalSince(TestPKI.now + 86400)) < 1)
        #expect(crl.isRevoked(serial: pki.leaf.serialNumber))
        #expect(crl.isRevoked(serial: pki.leaf.serialNumber.uppercased()))
        #expect(crl.isRevoked(serial: "abcdef") && crl.isRevoked(serial: "0000abcdef"))
        #expect(!crl.isRevoked(serial: pki.intermediate.certificate.serialNumber))
        #expect(!crl.isRevoked(serial: "not hex"))
        #expect(crl.revocation(of: pki.leaf.serialNumber)?.reason == .keyCompromise)
        #expect(crl.revocation(of: "abcdef")?.reason == nil)
        #expect(crl.isSigned(by: pki.intermediate.certificate.publicKey))
        #expect(crl.isIssued(by: pki.intermediate.certificate))
        #expect(!crl.isSigned(by: pki.root.certificate.publicKey))
        #expect(!crl.isIssued(by: pki.root.certificate))
        #expect(try CertificateRevocationList(pem: crl.pem()) == crl)
        #expect(try CertificateRevocationList(der: crl.der()) == crl)
        #expect(crl.pem().hasPrefix("-----BEGIN X509 CRL-----"))
    }

    @Test func openSSLCommandAcceptsOurListAndRejectsTheRevokedLeaf() throws {
        let pki = try TestPKI(.p256)
        let dir = try TemporaryDirectory()
        try pki.write(to: dir)
        let crl = try CertificateRevocationList(
            issuer: pki.intermediate,
            revoked: [RevokedCertificate(serialNumber: pki.leaf.serialNumber, revocationDate: TestPKI.now - 60, reason: .superseded)],
            thisUpdate: TestPKI.now - 120, nextUpdate: TestPKI.now + 86400, number: 1)
        try dir.write("crl.pem", crl.pem())
        let check = try OpenSSLCommand.run(["crl", "-in", "crl.pem", "-CAfile", "intermediate.pem", "-noout", "-text"], in: dir.url)
        #expect(check.contains("verify OK"))
        #expect(check.contains("Superseded"))
        #expect(check.contains(pki.leaf.serialNumber.uppercased()))
        let (status, output) = try OpenSSLCommand.runAllowingFailure(
            ["verify", "-crl_check", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "-CRLfile", "crl.pem", "leaf.pem"], in: dir.url)
        #expect(status != 0)
        #expect(output.contains("certificate revoked"))

        let clean = try CertificateRevocationList(issuer: pki.intermediate, revoked: [], thisUpdate: TestPKI.now - 120,
                                                  nextUpdate: TestPKI.now + 86400, number: 2)
        try dir.write("clean.pem", clean.pem())
        let passing = try OpenSSLCommand.run(
            ["verify", "-crl_check", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "-CRLfile", "clean.pem", "leaf.pem"], in: dir.url)
        #expect(passing.contains("leaf.pem: OK"))
    }

    @Test func listFromOpenSSLCommandIsRead() throws {
        let pki = try TestPKI(.p256)
        let dir = try TemporaryDirectory()
        try dir.write("ca.pem", pki.intermediate.certificate.pem())
        try dir.write("ca.key", pki.intermediateKey.pemPKCS8())
        try dir.write("leaf.pem", pki.leaf.pem())
        try dir.write("index.txt", "")
        try dir.write("ca.cnf", """
            [ ca ]
            default_ca = test
            [ test ]
            database = index.txt
            default_md = sha256
            default_crl_days = 1
            crlnumber = crlnumber
            """)
        try dir.write("crlnumber", "1000\n")
        try OpenSSLCommand.run(["ca", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-revoke", "leaf.pem",
                                "-crl_reason", "keyCompromise"], in: dir.url)
        try OpenSSLCommand.run(["ca", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-gencrl", "-out", "crl.pem"], in: dir.url)
        let crl = try CertificateRevocationList(pem: dir.read("crl.pem"))
        #expect(crl.number == 0x1000)
        #expect(crl.revocation(of: pki.leaf.serialNumber)?.reason == .keyCompromise)
        #expect(crl.isIssued(by: pki.intermediate.certificate))
    }
}
