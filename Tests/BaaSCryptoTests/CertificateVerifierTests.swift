import Foundation
import Testing
import BaaSCrypto

@Suite struct CertificateVerifierTests {
    private func verifier(_ pki: TestPKI, crls: [CertificateRevocationList] = [],
                          check: CertificateVerifier.RevocationCheck? = nil) throws -> CertificateVerifier {
        try CertificateVerifier(trustAnchors: [pki.root.certificate], intermediates: [pki.intermediate.certificate],
                                crls: crls, revocationCheck: check)
    }

    private func crl(_ issuer: CertificateIssuer, revoking serials: [String] = [], nextUpdate: Date = TestPKI.now + 86400) throws -> CertificateRevocationList {
        try CertificateRevocationList(issuer: issuer,
                                      revoked: serials.map { RevokedCertificate(serialNumber: $0, revocationDate: TestPKI.now - 60) },
                                      thisUpdate: TestPKI.now - 120, nextUpdate: nextUpdate, number: 1)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func validChainIsReturnedLeafFirst(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        let chain = try verifier(pki).verify(pki.leaf, at: TestPKI.now, purpose: .serverAuth)
        #expect(chain == [pki.leaf, pki.intermediate.certificate, pki.root.certificate])
        let viaExtra = try CertificateVerifier(trustAnchors: [pki.root.certificate])
            .verify(pki.leaf, at: TestPKI.now, intermediates: [pki.intermediate.certificate])
        #expect(viaExtra.count == 3)
        let withCRLs = try verifier(pki, crls: [crl(pki.intermediate), crl(pki.root)], check: .fullChain)
        #expect(try withCRLs.verify(pki.leaf, at: TestPKI.now, purpose: .serverAuth).count == 3)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func expiredLeafIsRejected(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        #expect(throws: CryptoError("cert.expired", "")) {
            try verifier(pki).verify(pki.leaf, at: TestPKI.now + 2 * TestPKI.year)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func leafNotYetValidIsRejected(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm, leafNotBefore: TestPKI.now + 86400, leafNotAfter: TestPKI.now + 2 * 86400)
        #expect(throws: CryptoError("cert.not_yet_valid", "")) {
            try verifier(pki).verify(pki.leaf, at: TestPKI.now)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func leafFromAnotherCAIsRejected(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        let other = try TestPKI(algorithm)
        #expect(throws: CryptoError("cert.unknown_issuer", "")) {
            try CertificateVerifier(trustAnchors: [other.root.certificate], intermediates: [other.intermediate.certificate])
                .verify(pki.leaf, at: TestPKI.now)
        }
        #expect(throws: CryptoError("cert.unknown_issuer", "")) {
            try CertificateVerifier(trustAnchors: [pki.root.certificate]).verify(pki.leaf, at: TestPKI.now)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func revokedLeafIsRejected(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        let list = try crl(pki.intermediate, revoking: [pki.leaf.serialNumber])
        #expect(throws: CryptoError("cert.revoked", "")) {
            try verifier(pki, crls: [list]).verify(pki.leaf, at: TestPKI.now)
        }
        let unrelated = try crl(pki.intermediate, revoking: ["01"])
        #expect(try verifier(pki, crls: [unrelated]).verify(pki.leaf, at: TestPKI.now).count == 3)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func missingOrStaleCRLIsRejected(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        #expect(throws: CryptoError("cert.crl_missing", "")) {
            try verifier(pki, crls: [crl(pki.root)]).verify(pki.leaf, at: TestPKI.now)
        }
        #expect(throws: CryptoError("cert.crl_missing", "")) {
            try verifier(pki, crls: [crl(pki.intermediate)], check: .fullChain).verify(pki.leaf, at: TestPKI.now)
        }
        let stale = try crl(pki.intermediate, nextUpdate: TestPKI.now + 3600)
        #expect(throws: CryptoError("cert.crl_expired", "")) {
            try verifier(pki, crls: [stale]).verify(pki.leaf, at: TestPKI.now + 7200)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func clientCertificateUsedForServerAuthIsRejected(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm, leafUsage: [.clientAuth])
        let verifier = try verifier(pki)
        #expect(try verifier.verify(pki.leaf, at: TestPKI.now, purpose: .clientAuth).count == 3)
        #expect(throws: CryptoError("cert.wrong_usage", "")) {
            try verifier.verify(pki.leaf, at: TestPKI.now, purpose: .serverAuth)
        }
        #expect(throws: CryptoError("cert.wrong_usage", "")) {
            try verifier.verify(pki.leaf, at: TestPKI.now, purpose: .codeSigning)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func alteredCertificateIsRejectedForItsSignature(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        var der = pki.leaf.der()
        der[der.count - 1] ^= 0x01
        let altered = try Certificate(der: der)
        #expect(throws: CryptoError("cert.bad_signature", "")) {
            try verifier(pki).verify(altered, at: TestPKI.now)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func chainLongerThanPathLengthIsRejected(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestPKI(algorithm)
        let rogueKey = PrivateKey.generate(algorithm)
        // The intermediate has pathlen:0, so a CA below it must not be accepted.
        let subCA = try pki.intermediate.issue(
            .intermediateCA(subject: DistinguishedName(commonName: "Sub CA"), notBefore: TestPKI.now - 60, notAfter: TestPKI.now + 86400),
            for: rogueKey.publicKey)
        let subIssuer = try CertificateIssuer(certificate: subCA, signer: rogueKey)
        let leaf = try subIssuer.issue(.leaf(subject: DistinguishedName(commonName: "deep"), notBefore: TestPKI.now - 60,
                                             notAfter: TestPKI.now + 3600, extendedKeyUsage: [.serverAuth]),
                                       for: PrivateKey.generate(algorithm).publicKey)
        #expect(throws: CryptoError("cert.path_too_long", "")) {
            try verifier(pki).verify(leaf, at: TestPKI.now, intermediates: [subCA])
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func chainSignedByOpenSSLCommandVerifies(_ algorithm: SignatureAlgorithm) throws {
        let dir = try TemporaryDirectory()
        let id = "distid:\(SignatureAlgorithm.sm2UserID)"
        let signing: [String]
        let checking: [String]
        switch algorithm {
        case .p256:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key"], in: dir.url)
            signing = ["-sha256"]
            checking = []
        case .sm2:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "SM2", "-out", "ca.key"], in: dir.url)
            signing = ["-sm3", "-sigopt", id]
            checking = ["-vfyopt", id]
        }
        try OpenSSLCommand.run(["req", "-new", "-x509", "-key", "ca.key", "-subj", "/CN=CLI Root", "-days", "2", "-out", "ca.pem"] + signing,
                               in: dir.url)
        let leafKey = PrivateKey.generate(algorithm)
        let request = try CertificateSigningRequest(subject: DistinguishedName(commonName: "cli-issued"), signer: leafKey)
        try dir.write("leaf.csr", request.pem())
        try OpenSSLCommand.run(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                                "-days", "1", "-out", "leaf.pem"] + signing + checking, in: dir.url)
        let root = try Certificate(pem: dir.read("ca.pem"))
        let leaf = try Certificate(pem: dir.read("leaf.pem"))
        #expect(leaf.publicKey == leafKey.publicKey)
        #expect(leaf.signatureAlgorithm == algorithm)
        let chain = try CertificateVerifier(trustAnchors: [root]).verify(leaf, purpose: .clientAuth)
        #expect(chain == [leaf, root])
    }
}
