import Foundation
import Testing
import BaaSCrypto

@Suite struct CertificateSigningRequestTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func requestRoundTripsAndProvesPossession(_ algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm)
        let subject = DistinguishedName(commonName: "agent-7", organization: "Tenant A")
        let request = try CertificateSigningRequest(subject: subject, subjectAlternativeNames: [.dns("host7.test"), .ip("10.1.2.3")],
                                                    signer: ForwardingSigner(key: key))
        #expect(request.subject == subject)
        #expect(request.subjectAlternativeNames == [.dns("host7.test"), .ip("10.1.2.3")])
        #expect(request.publicKey == key.publicKey)
        #expect(request.isSignatureValid)
        #expect(try CertificateSigningRequest(pem: request.pem()) == request)
        #expect(try CertificateSigningRequest(der: request.der()) == request)
        #expect(request.pem().hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"))

        let dir = try TemporaryDirectory()
        try dir.write("csr.pem", request.pem())
        var arguments = ["req", "-in", "csr.pem", "-noout", "-verify"]
        if algorithm == .sm2 { arguments += ["-vfyopt", "distid:\(SignatureAlgorithm.sm2UserID)"] }
        let output = try OpenSSLCommand.run(arguments, in: dir.url)
        #expect(output.contains("verify OK"))
    }

    @Test func tamperedRequestIsRefusedByTheIssuer() throws {
        let pki = try TestPKI(.p256)
        let request = try CertificateSigningRequest(subject: DistinguishedName(commonName: "victim"), signer: PrivateKey.generate(.p256))
        var der = request.der()
        der[der.count - 1] ^= 0x01
        let tampered = try CertificateSigningRequest(der: der)
        #expect(!tampered.isSignatureValid)
        #expect(throws: CryptoError("crypto.bad_csr_signature", "")) {
            try pki.intermediate.issue(.leaf(subject: tampered.subject, notBefore: TestPKI.now, notAfter: TestPKI.now + 60,
                                             extendedKeyUsage: [.clientAuth]), for: tampered)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func requestFromOpenSSLCommandIsParsedAndIssued(_ algorithm: SignatureAlgorithm) throws {
        let dir = try TemporaryDirectory()
        var arguments = ["req", "-new", "-key", "key.pem", "-subj", "/O=Tenant B/CN=agent-9",
                         "-addext", "subjectAltName=DNS:agent9.test,DNS:evil.example,IP:192.0.2.9", "-out", "csr.pem"]
        switch algorithm {
        case .p256:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem"], in: dir.url)
        case .sm2:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "SM2", "-out", "key.pem"], in: dir.url)
            arguments += ["-sm3", "-sigopt", "distid:\(SignatureAlgorithm.sm2UserID)"]
        }
        try OpenSSLCommand.run(arguments, in: dir.url)
        let request = try CertificateSigningRequest(pem: dir.read("csr.pem"))
        #expect(request.subject == DistinguishedName(commonName: "agent-9", organization: "Tenant B"))
        #expect(request.subjectAlternativeNames == [.dns("agent9.test"), .dns("evil.example"), .ip("192.0.2.9")])
        #expect(request.publicKey.algorithm == algorithm)
        #expect(request.isSignatureValid)

        let pki = try TestPKI(algorithm)
        let allowed = request.subjectAlternativeNames.filter { if case .dns(let name) = $0 { name.hasSuffix(".test") } else { false } }
        let certificate = try pki.intermediate.issue(
            .leaf(subject: request.subject, subjectAlternativeNames: allowed, notBefore: TestPKI.now - 60,
                  notAfter: TestPKI.now + 3600, extendedKeyUsage: [.clientAuth]),
            for: request)
        #expect(certificate.subjectAlternativeNames == [.dns("agent9.test")])
        #expect(certificate.publicKey == request.publicKey)
        #expect(certificate.isSigned(by: pki.intermediate.certificate.publicKey))

        try pki.write(to: dir)
        try dir.write("issued.pem", certificate.pem())
        let publicKeyPEM = try OpenSSLCommand.run(["pkey", "-in", "key.pem", "-pubout"], in: dir.url)
        #expect(try PublicKey(pem: publicKeyPEM) == certificate.publicKey)
        var verify = ["verify", "-partial_chain", "-CAfile", "intermediate.pem", "-purpose", "sslclient", "issued.pem"]
        if algorithm == .sm2 { verify.insert(contentsOf: ["-vfyopt", "distid:\(SignatureAlgorithm.sm2UserID)"], at: 1) }
        #expect(try OpenSSLCommand.run(verify, in: dir.url).contains("issued.pem: OK"))
    }
}
