import Foundation
import Testing
@testable import BaaSCrypto

/// A software key posing as a token-held key: counts what OpenSSL asks it to sign.
final class CountingSigner: Signer, @unchecked Sendable {
    let key: PrivateKey
    let supportsDigests: Bool
    private let lock = NSLock()
    private var digestCalls = 0

    init(_ key: PrivateKey, supportsDigests: Bool = true) {
        self.key = key
        self.supportsDigests = supportsDigests
    }

    var algorithm: SignatureAlgorithm { key.algorithm }
    var publicKey: PublicKey { key.publicKey }
    var digestSignatures: Int { lock.withLock { digestCalls } }

    func sign(_ message: [UInt8]) throws -> [UInt8] { try key.sign(message) }

    func sign(digest: [UInt8]) throws -> [UInt8] {
        guard supportsDigests else { throw CryptoError("crypto.unsupported", "messages only") }
        lock.withLock { digestCalls += 1 }
        return try key.sign(digest: digest)
    }
}

@Suite struct ExternalKeyTests {
    @Test func softwareKeySignsADigestThatVerifiesAsTheMessage() throws {
        let key = PrivateKey.generate(.p256)
        let message = Array("pre-hashed".utf8)
        let signature = try key.sign(digest: Digest.hash(message, algorithm: .sha256))
        #expect(key.publicKey.verify(signature: signature, message: message))
        #expect(throws: CryptoError("crypto.invalid_digest", "")) { try key.sign(digest: [1, 2, 3]) }
        #expect(throws: CryptoError("crypto.unsupported", "")) { try PrivateKey.generate(.sm2).sign(digest: [UInt8](repeating: 0, count: 32)) }
    }

    @Test func openSSLSignsThroughTheExternalSigner() throws {
        let signer = CountingSigner(PrivateKey.generate(.p256))
        let external = try PrivateKey(external: signer)
        #expect(external.isExternal)
        #expect(external.publicKey == signer.publicKey)
        let message = Array("TLS 1.3, server CertificateVerify".utf8)
        // The EVP_DigestSign path over evpPKey is the one libssl and X509_sign_ctx take.
        let signature = try external.key.sign(message, algorithm: .p256)
        #expect(signer.digestSignatures == 1)
        #expect(signer.publicKey.verify(signature: signature, message: message))
        #expect(external.publicKey.verify(signature: try external.sign(message), message: message))
    }

    @Test func externalKeyCanIssueCertificates() throws {
        let signer = CountingSigner(PrivateKey.generate(.p256))
        let external = try PrivateKey(external: signer)
        let root = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: "token root"), notBefore: TestPKI.now - 60, notAfter: TestPKI.now + 3600),
            signer: external)
        #expect(root.certificate.isSigned(by: signer.publicKey))
    }

    @Test func signerWithoutDigestSupportFailsCleanly() throws {
        let external = try PrivateKey(external: CountingSigner(PrivateKey.generate(.p256), supportsDigests: false))
        #expect(throws: CryptoError.self) { try external.key.sign(Array("x".utf8), algorithm: .p256) }
    }

    @Test func sm2SignerCannotBackAnOpenSSLKey() {
        #expect(throws: CryptoError("crypto.unsupported_key", "")) {
            try PrivateKey(external: CountingSigner(PrivateKey.generate(.sm2)))
        }
    }

    @Test func externalSignerIsReleasedWithTheKey() throws {
        weak var weakSigner: CountingSigner?
        do {
            let signer = CountingSigner(PrivateKey.generate(.p256))
            weakSigner = signer
            let external = try PrivateKey(external: signer)
            _ = try external.key.sign([1], algorithm: .p256)
        }
        #expect(weakSigner == nil)
    }
}
