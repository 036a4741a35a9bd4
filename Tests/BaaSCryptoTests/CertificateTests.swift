import Foundation
import Testing
import BaaSCrypto

@Suite struct CertificateTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func issuedChainCarriesEveryField(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        let root = pki.root.certificate
        let intermediate = pki.intermediate.certificate
        let leaf = pki.leaf

        #expect(root.isCA && root.pathLength == nil)
        #expect(root.subject == root.issuer)
        #expect(root.subject.country == "CN")
        #expect(root.keyUsage == .certificateAuthority)
        #expect(intermediate.isCA && intermediate.pathLength == 0)
        #expect(intermediate.issuer == root.subject)
        #expect(!leaf.isCA && leaf.pathLength == nil)
        #expect(leaf.issuer == intermediate.subject)
        #expect(leaf.subject.description == "CN=node1.test,OU=ledger,O=BaaS Test")
        #expect(leaf.subjectAlternativeNames == [.dns("node1.test"), .ip("127.0.0.1"), .ip("::1"), .uri("baas://network/n1/node/1")])
        #expect(leaf.keyUsage == .digitalSignature)
        #expect(leaf.extendedKeyUsage == [.serverAuth])
        #expect(leaf.publicKey == pki.leafKey.publicKey)
        #expect(leaf.signatureAlgorithm == algorithm)
        #expect(leaf.serialNumber.count == 32)
        #expect(leaf.serialNumber != intermediate.serialNumber)
        #expect(abs(leaf.notBefore.timeIntervalSince(TestPKI.now - 3600)) < 1)
        #expect(abs(leaf.notAfter.timeIntervalSince(TestPKI.now + TestPKI.year)) < 1)
        #expect(leaf.isValid(at: TestPKI.now) && !leaf.isValid(at: TestPKI.now + 2 * TestPKI.year))
        #expect(leaf.isSigned(by: intermediate.publicKey))
        #expect(!leaf.isSigned(by: root.publicKey))
        #expect(root.isSigned(by: root.publicKey))
        #expect(leaf.fingerprintSHA256 == Hex.encode(Digest.hash(leaf.der(), algorithm: .sha256)))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func certificateRoundTripsThroughPEMDERAndBundles(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        #expect(try Certificate(pem: pki.leaf.pem()) == pki.leaf)
        #expect(try Certificate(der: pki.leaf.der()) == pki.leaf)
        let bundle = Certificate.pem([pki.leaf, pki.intermediate.certificate, pki.root.certificate])
        #expect(try Certificate.chain(pem: bundle) == [pki.leaf, pki.intermediate.certificate, pki.root.certificate])
        #expect(throws: CryptoError("crypto.malformed_pem", "")) { try Certificate(pem: bundle) }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func chainPassesOpenSSLVerify(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        let dir = try TemporaryDirectory()
        try pki.write(to: dir)
        switch algorithm {
        case .p256:
            let output = try OpenSSLCommand.run(["verify", "-check_ss_sig", "-CAfile", "root.pem", "-untrusted", "intermediate.pem",
                                                 "-purpose", "sslserver", "leaf.pem"], in: dir.url)
            #expect(output.contains("leaf.pem: OK"))
        case .sm2:
            // `openssl verify` passes -vfyopt (the SM2 user id) only to the signature of the
            // certificate at depth 0, and checks deeper ones with OpenSSL's empty default id; so each
            // link of the chain is checked as the depth-0 certificate of its own run.
            let id = "distid:\(SignatureAlgorithm.sm2UserID)"
            let middle = try OpenSSLCommand.run(["verify", "-vfyopt", id, "-CAfile", "root.pem", "intermediate.pem"], in: dir.url)
            #expect(middle.contains("intermediate.pem: OK"))
            let output = try OpenSSLCommand.run(["verify", "-vfyopt", id, "-partial_chain", "-CAfile", "intermediate.pem",
                                                 "-purpose", "sslserver", "leaf.pem"], in: dir.url)
            #expect(output.contains("leaf.pem: OK"))
        }
        let text = try OpenSSLCommand.run(["x509", "-in", "leaf.pem", "-noout", "-text"], in: dir.url)
        #expect(text.contains(algorithm.x509Name))
        #expect(text.contains("DNS:node1.test, IP Address:127.0.0.1"))
        #expect(text.contains("TLS Web Server Authentication"))
        let (status, _) = try OpenSSLCommand.runAllowingFailure(["verify", "-CAfile", "intermediate.pem", "leaf.pem"], in: dir.url)
        #expect(status != 0, "without the root (and without -partial_chain) the chain must not verify")
    }

    @Test func externalSignerIssuesCertificatesTheSameWay() throws {
        let caKey = ForwardingSigner(key: PrivateKey.generate(.sm2))
        let root = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: "HSM Root"), notBefore: TestPKI.now - 60, notAfter: TestPKI.now + TestPKI.year),
            signer: caKey)
        let leafKey = PrivateKey.generate(.sm2)
        let leaf = try root.issue(.leaf(subject: DistinguishedName(commonName: "client"), notBefore: TestPKI.now - 60,
                                        notAfter: TestPKI.now + 3600, extendedKeyUsage: [.clientAuth]),
                                  for: leafKey.publicKey)
        #expect(leaf.isSigned(by: caKey.publicKey))
        #expect(leaf.extendedKeyUsage == [.clientAuth])
    }

    @Test func issuerRejectsKeyThatIsNotItsOwnAndNonCACertificates() throws {
        let pki = try TestPKI(.p256)
        #expect(throws: CryptoError("crypto.key_mismatch", "")) {
            try CertificateIssuer(certificate: pki.root.certificate, signer: PrivateKey.generate(.p256))
        }
        #expect(throws: CryptoError("crypto.not_a_ca", "")) {
            try CertificateIssuer(certificate: pki.leaf, signer: pki.leafKey)
        }
    }

    @Test func invalidFieldsAreRejectedBeforeSigning() throws {
        let key = PrivateKey.generate(.p256)
        var builder = CertificateBuilder.leaf(subject: DistinguishedName(commonName: "x"), notBefore: TestPKI.now,
                                              notAfter: TestPKI.now - 1, extendedKeyUsage: [.serverAuth])
        #expect(throws: CryptoError("crypto.invalid_certificate", "")) { try builder.selfSign(with: key) }
        builder.notAfter = TestPKI.now + 60
        builder.subjectAlternativeNames = [.ip("300.1.1.1")]
        #expect(throws: CryptoError("crypto.invalid_name", "")) { try builder.selfSign(with: key) }
        builder.subjectAlternativeNames = []
        builder.subject.country = "China"
        #expect(throws: CryptoError("crypto.invalid_name", "")) { try builder.selfSign(with: key) }
    }
}
