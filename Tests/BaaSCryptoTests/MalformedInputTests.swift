import Foundation
import Testing
import BaaSCrypto

/// Every parser must turn bad input into a coded `CryptoError`, never a crash or a half-read value.
@Suite struct MalformedInputTests {
    enum Kind: String, CaseIterable, Sendable {
        case privateKey, publicKey, certificate, request, crl
    }

    struct Samples {
        let pem: [Kind: String]
        let der: [Kind: [UInt8]]
    }

    static let samples: Samples = {
        let pki = try! TestPKI(.p256)
        let request = try! CertificateSigningRequest(subject: DistinguishedName(commonName: "x"), signer: pki.leafKey)
        let crl = try! CertificateRevocationList(issuer: pki.intermediate, revoked: [], thisUpdate: TestPKI.now,
                                                 nextUpdate: TestPKI.now + 60, number: 1)
        return Samples(
            pem: [.privateKey: pki.leafKey.pemPKCS8(), .publicKey: pki.leafKey.publicKey.pem(), .certificate: pki.leaf.pem(),
                  .request: request.pem(), .crl: crl.pem()],
            der: [.privateKey: pki.leafKey.derPKCS8(), .publicKey: pki.leafKey.publicKey.der(), .certificate: pki.leaf.der(),
                  .request: request.der(), .crl: crl.der()])
    }()

    static func parse(_ kind: Kind, pem: String) throws {
        switch kind {
        case .privateKey: _ = try PrivateKey(pem: pem)
        case .publicKey: _ = try PublicKey(pem: pem)
        case .certificate: _ = try Certificate(pem: pem)
        case .request: _ = try CertificateSigningRequest(pem: pem)
        case .crl: _ = try CertificateRevocationList(pem: pem)
        }
    }

    static func parse(_ kind: Kind, der: [UInt8]) throws {
        switch kind {
        case .privateKey: _ = try PrivateKey(der: der)
        case .publicKey: _ = try PublicKey(der: der)
        case .certificate: _ = try Certificate(der: der)
        case .request: _ = try CertificateSigningRequest(der: der)
        case .crl: _ = try CertificateRevocationList(der: der)
        }
    }

    /// Each case turns the valid PEM of a kind into a broken one, and names the code it must give.
    struct PEMCase: Sendable, CustomTestStringConvertible {
        let name: String
        let code: String
        let mangle: @Sendable (Kind, String) -> String
        var testDescription: String { name }
    }

    static let pemCases: [PEMCase] = [
        PEMCase(name: "empty", code: "crypto.malformed_pem") { _, _ in "" },
        PEMCase(name: "whitespace only", code: "crypto.malformed_pem") { _, _ in " \n\t\n" },
        PEMCase(name: "garbage", code: "crypto.malformed_pem") { _, _ in "this is not PEM at all" },
        PEMCase(name: "wrong label", code: "crypto.wrong_pem_label") { kind, _ in
            samples.pem[kind == .certificate ? .privateKey : .certificate]!
        },
        PEMCase(name: "bad base64", code: "crypto.malformed_base64") { _, pem in
            pem.replacingOccurrences(of: "\n", with: "\n!", options: [], range: pem.range(of: "-----\n"))
        },
        PEMCase(name: "base64 of wrong length", code: "crypto.malformed_base64") { _, pem in
            var lines = pem.split(separator: "\n").map(String.init)
            lines[1].removeLast()
            return lines.joined(separator: "\n")
        },
        PEMCase(name: "trailing junk", code: "crypto.malformed_pem") { _, pem in pem + "junk after the block\n" },
        PEMCase(name: "no END line", code: "crypto.malformed_pem") { _, pem in
            String(pem[..<pem.range(of: "-----END")!.lowerBound])
        },
        PEMCase(name: "unterminated BEGIN", code: "crypto.malformed_pem") { _, pem in
            String(pem.prefix(15))
        },
        PEMCase(name: "empty body", code: "crypto.malformed_pem") { _, pem in
            let lines = pem.split(separator: "\n")
            return "\(lines.first!)\n\(lines.last!)\n"
        },
        PEMCase(name: "encrypted headers", code: "crypto.malformed_pem") { _, pem in
            pem.replacingOccurrences(of: "-----\n", with: "-----\nProc-Type: 4,ENCRYPTED\n\n", options: [], range: pem.range(of: "-----\n"))
        },
        PEMCase(name: "valid base64 of garbage", code: "crypto.malformed_der") { _, pem in
            let label = pem.split(separator: "\n").first!
            let end = pem.split(separator: "\n").last!
            return "\(label)\n\(Base64.encode(Array("not DER, just text".utf8)))\n\(end)\n"
        },
    ]

    @Test(arguments: Kind.allCases, pemCases)
    func brokenPEMGivesCodedError(_ kind: Kind, _ broken: PEMCase) throws {
        let pem = broken.mangle(kind, Self.samples.pem[kind]!)
        #expect(throws: CryptoError(broken.code, "")) { try Self.parse(kind, pem: pem) }
    }

    struct DERCase: Sendable, CustomTestStringConvertible {
        let name: String
        let mangle: @Sendable (Kind, [UInt8]) -> [UInt8]
        var testDescription: String { name }
    }

    static let derCases: [DERCase] = [
        DERCase(name: "empty") { _, _ in [] },
        DERCase(name: "garbage") { _, _ in Array("garbage bytes that are not ASN.1".utf8) },
        DERCase(name: "single byte") { _, _ in [0x30] },
        DERCase(name: "truncated") { _, der in Array(der.prefix(der.count - 10)) },
        DERCase(name: "half") { _, der in Array(der.prefix(der.count / 2)) },
        DERCase(name: "trailing bytes") { _, der in der + [0x00, 0x01] },
        DERCase(name: "length too long") { _, der in
            var bytes = der
            bytes[1] = 0x84
            return bytes
        },
        DERCase(name: "another structure") { kind, _ in samples.der[kind == .crl ? .request : .crl]! },
    ]

    @Test(arguments: Kind.allCases, derCases)
    func brokenDERGivesCodedError(_ kind: Kind, _ broken: DERCase) throws {
        let der = broken.mangle(kind, Self.samples.der[kind]!)
        let error = try #require(throws: CryptoError.self) { try Self.parse(kind, der: der) }
        #expect(["crypto.malformed_der", "crypto.unsupported_key", "crypto.malformed_certificate", "crypto.malformed_csr", "crypto.malformed_crl"].contains(error.code),
                "\(error)")
        #expect(!error.message.isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func validSamplesParse(_ kind: Kind) throws {
        try Self.parse(kind, pem: Self.samples.pem[kind]!)
        try Self.parse(kind, der: Self.samples.der[kind]!)
    }

    @Test func wrongLabelMessageNamesBothLabels() throws {
        let error = try #require(throws: CryptoError.self) { try Certificate(pem: Self.samples.pem[.privateKey]!) }
        #expect(error.message == "expected a PEM block 'CERTIFICATE' but found 'PRIVATE KEY'")
    }

    @Test func randomBytesNeverCrashAParser() {
        for length in [1, 2, 5, 40, 300] {
            for _ in 0..<40 {
                var bytes = SecureRandom.bytes(count: length)
                bytes[0] = 0x30
                for kind in Kind.allCases {
                    #expect(throws: CryptoError.self) { try Self.parse(kind, der: bytes) }
                }
            }
        }
    }
}
