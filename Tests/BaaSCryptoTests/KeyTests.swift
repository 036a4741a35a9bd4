import Foundation
import Testing
import BaaSCrypto

@Suite struct KeyTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func signatureVerifiesAndRejectsChangedMessage(_ algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm)
        #expect(key.algorithm == algorithm)
        let message = Array("transfer 10 to alice".utf8)
        let signature = try key.sign(message)
        #expect(key.publicKey.verify(signature: signature, message: message))
        #expect(!key.publicKey.verify(signature: signature, message: message + [0]))
        #expect(!PrivateKey.generate(algorithm).publicKey.verify(signature: signature, message: message))
        #expect(!key.publicKey.verify(signature: [0x30, 0x00], message: message))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func privateKeyRoundTripsThroughPEMAndDER(_ algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm)
        let fromPEM = try PrivateKey(pem: key.pemPKCS8())
        let fromDER = try PrivateKey(der: key.derPKCS8())
        #expect(fromPEM.algorithm == algorithm)
        #expect(fromPEM.publicKey == key.publicKey)
        #expect(fromDER.publicKey == key.publicKey)
        let message = Array("round trip".utf8)
        #expect(key.publicKey.verify(signature: try fromPEM.sign(message), message: message))
        #expect(key.pemPKCS8().hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(!key.description.contains(Base64.encode(key.derPKCS8())))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func publicKeyRoundTripsThroughPEMDERAndRawPoint(_ algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm).publicKey
        #expect(try PublicKey(pem: key.pem()) == key)
        #expect(try PublicKey(der: key.der()) == key)
        let point = key.rawPoint()
        #expect(point.count == 65)
        #expect(point.first == 0x04)
        let fromPoint = try PublicKey(rawPoint: point, algorithm: algorithm)
        #expect(fromPoint == key)
        #expect(fromPoint.algorithm == algorithm)
        #expect(key.fingerprint == Hex.encode(Digest.hash(key.der(), algorithm: .sha256)))
    }

    @Test func rawPointOffTheCurveIsRejected() {
        var point = PrivateKey.generate(.p256).publicKey.rawPoint()
        point[64] ^= 0x01
        #expect(throws: CryptoError("crypto.malformed_key", "")) { try PublicKey(rawPoint: point, algorithm: .p256) }
        #expect(throws: CryptoError("crypto.malformed_key", "")) { try PublicKey(rawPoint: [4, 1, 2], algorithm: .sm2) }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signatureMadeByOpenSSLCommandVerifies(_ algorithm: SignatureAlgorithm) throws {
        let dir = try TemporaryDirectory()
        let message = Array("signed by the openssl command".utf8)
        try dir.write("message.bin", message)
        switch algorithm {
        case .p256:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem"], in: dir.url)
            try OpenSSLCommand.run(["dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "message.bin"], in: dir.url)
        case .sm2:
            try OpenSSLCommand.run(["genpkey", "-algorithm", "SM2", "-out", "key.pem"], in: dir.url)
            try OpenSSLCommand.run(["pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", "key.pem",
                                    "-pkeyopt", "distid:\(SignatureAlgorithm.sm2UserID)",
                                    "-in", "message.bin", "-out", "sig.der"], in: dir.url)
        }
        try OpenSSLCommand.run(["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"], in: dir.url)
        let publicKey = try PublicKey(pem: dir.read("pub.pem"))
        #expect(publicKey.algorithm == algorithm)
        #expect(publicKey.verify(signature: try dir.readBytes("sig.der"), message: message))
        let privateKey = try PrivateKey(pem: dir.read("key.pem"))
        #expect(privateKey.algorithm == algorithm)
        #expect(privateKey.publicKey == publicKey)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func ourSignatureVerifiesWithOpenSSLCommand(_ algorithm: SignatureAlgorithm) throws {
        let dir = try TemporaryDirectory()
        let key = PrivateKey.generate(algorithm)
        let message = Array("signed by BaaSCrypto".utf8)
        try dir.write("message.bin", message)
        try dir.write("sig.der", try key.sign(message))
        try dir.write("pub.pem", key.publicKey.pem())
        switch algorithm {
        case .p256:
            try OpenSSLCommand.run(["dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "message.bin"], in: dir.url)
        case .sm2:
            try OpenSSLCommand.run(["pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem",
                                    "-pkeyopt", "distid:\(SignatureAlgorithm.sm2UserID)",
                                    "-in", "message.bin", "-sigfile", "sig.der"], in: dir.url)
        }
        try dir.write("bad.bin", message + [1])
        let (status, _) = try OpenSSLCommand.runAllowingFailure(
            algorithm == .p256
                ? ["dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "bad.bin"]
                : ["pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem",
                   "-pkeyopt", "distid:\(SignatureAlgorithm.sm2UserID)", "-in", "bad.bin", "-sigfile", "sig.der"],
            in: dir.url)
        #expect(status != 0, "openssl must reject the signature for a changed message")
    }

    @Test func secOneECPrivateKeyWithParametersLoads() throws {
        let dir = try TemporaryDirectory()
        try OpenSSLCommand.run(["ecparam", "-genkey", "-name", "prime256v1", "-out", "key.pem"], in: dir.url)
        let text = try dir.read("key.pem")
        #expect(text.contains("EC PRIVATE KEY"))
        let key = try PrivateKey(pem: text)
        #expect(key.algorithm == .p256)
    }

    @Test func otherKeyTypesAreRejected() throws {
        let dir = try TemporaryDirectory()
        try OpenSSLCommand.run(["genpkey", "-algorithm", "ED25519", "-out", "key.pem"], in: dir.url)
        #expect(throws: CryptoError("crypto.unsupported_key", "")) { try PrivateKey(pem: dir.read("key.pem")) }
        try OpenSSLCommand.run(["ecparam", "-genkey", "-name", "secp384r1", "-noout", "-out", "p384.pem"], in: dir.url)
        #expect(throws: CryptoError("crypto.unsupported_key", "")) { try PrivateKey(pem: dir.read("p384.pem")) }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signatureConvertsBetweenDERAndRawForm(_ algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm)
        let message = Array("token signature".utf8)
        for _ in 0..<20 {
            let der = try key.sign(message)
            let raw = try ECDSASignature.raw(fromDER: der)
            #expect(raw.count == 64)
            let back = try ECDSASignature.der(fromRaw: raw)
            #expect(back == der)
            #expect(key.publicKey.verify(signature: back, message: message))
        }
        // r = 1, s = 0x80: leading zeros dropped, a zero byte added where the high bit is set.
        let small = [UInt8](repeating: 0, count: 31) + [0x01] + [UInt8](repeating: 0, count: 31) + [0x80]
        #expect(try ECDSASignature.der(fromRaw: small) == [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80])
        #expect(try ECDSASignature.raw(fromDER: [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80]) == small)
        #expect(throws: CryptoError("crypto.malformed_signature", "")) { try ECDSASignature.der(fromRaw: [1, 2, 3]) }
        #expect(throws: CryptoError("crypto.malformed_signature", "")) { try ECDSASignature.raw(fromDER: [0x30, 0x00]) }
        #expect(throws: CryptoError("crypto.malformed_signature", "")) { try ECDSASignature.raw(fromDER: Array("junk".utf8)) }
    }

    @Test func pkcs11ECPointOctetStringLoads() throws {
        let key = PrivateKey.generate(.p256).publicKey
        let wrapped = [0x04, 0x41] + key.rawPoint()
        #expect(try PublicKey(rawPoint: wrapped, algorithm: .p256) == key)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func emptyMessageSignsAndVerifies(_ algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm)
        let signature = try key.sign([])
        #expect(key.publicKey.verify(signature: signature, message: []))
        #expect(!key.publicKey.verify(signature: signature, message: [0]))
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func oneKeySignsFromManyTasksAtOnce(_ algorithm: SignatureAlgorithm) async throws {
        let key = PrivateKey.generate(algorithm)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var ok = true
                    for round in 0..<25 {
                        let message = Array("task \(task) round \(round)".utf8)
                        let signature = try key.sign(message)
                        ok = ok && key.publicKey.verify(signature: signature, message: message)
                    }
                    return ok
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == [Bool](repeating: true, count: 8))
    }
}
