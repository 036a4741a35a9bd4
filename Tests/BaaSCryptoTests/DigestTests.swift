import Testing
import BaaSCrypto

@Suite struct DigestTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let algorithm: DigestAlgorithm
        let message: [UInt8]
        let hex: String
        var testDescription: String { "\(algorithm) of \(message.count) bytes" }
    }

    static let vectors: [Vector] = [
        Vector(algorithm: .sha256, message: [], hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(algorithm: .sha256, message: Array("abc".utf8), hex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(algorithm: .sha256, message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
               hex: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(algorithm: .sm3, message: Array("abc".utf8), hex: "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
        Vector(algorithm: .sm3, message: Array(String(repeating: "abcd", count: 16).utf8),
               hex: "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
    ]

    @Test(arguments: vectors)
    func oneShotHashMatchesPublishedVector(_ vector: Vector) {
        #expect(Hex.encode(Digest.hash(vector.message, algorithm: vector.algorithm)) == vector.hex)
    }

    @Test(arguments: vectors)
    func incrementalHashMatchesOneShot(_ vector: Vector) {
        let hasher = DigestHasher(algorithm: vector.algorithm)
        for byte in vector.message { hasher.update([byte]) }
        #expect(Hex.encode(hasher.finalize()) == vector.hex)
        hasher.update(vector.message)
        #expect(Hex.encode(hasher.finalize()) == vector.hex, "finalize resets the hasher for reuse")
    }

    struct HMACVector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { name }
    }

    // RFC 4231 test cases 1–4, 6 and 7 (HMAC-SHA-256 column).
    static let rfc4231: [HMACVector] = [
        HMACVector(name: "case 1", key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
                   mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        HMACVector(name: "case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
                   mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        HMACVector(name: "case 3", key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
                   mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        HMACVector(name: "case 4", key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
                   mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        HMACVector(name: "case 6", key: [UInt8](repeating: 0xaa, count: 131),
                   data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                   mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        HMACVector(name: "case 7", key: [UInt8](repeating: 0xaa, count: 131),
                   data: Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
                   mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: rfc4231)
    func hmacSHA256MatchesRFC4231(_ vector: HMACVector) {
        let mac = HMAC.authenticate(key: vector.key, message: vector.data, algorithm: .sha256)
        #expect(Hex.encode(mac) == vector.mac)
        #expect(HMAC.isValid(mac, key: vector.key, message: vector.data, algorithm: .sha256))
        // Appending a zero byte would not do: HMAC pads short keys with zeros.
        var otherKey = vector.key
        otherKey[0] ^= 0x01
        #expect(!HMAC.isValid(mac, key: otherKey, message: vector.data, algorithm: .sha256))
    }

    @Test func hmacHandlesEmptyKeyAndMessage() {
        #expect(Hex.encode(HMAC.authenticate(key: [], message: [], algorithm: .sha256))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func hmacSHA1MatchesRFC2202ForOneTimePasswords() {
        #expect(Hex.encode(HMAC.authenticateSHA1(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
                == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(Hex.encode(HMAC.authenticateSHA1(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }

    @Test func hmacSM3MatchesOpenSSLCommand() throws {
        let key = Array("sm3 key".utf8)
        let message = Array("message".utf8)
        let output = try OpenSSLCommand.run(["dgst", "-sm3", "-mac", "HMAC", "-macopt", "hexkey:\(Hex.encode(key))"], stdin: message)
        let expected = try #require(output.split(separator: " ").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Hex.encode(HMAC.authenticate(key: key, message: message, algorithm: .sm3)) == expected)
    }

    @Test func hexRoundTripsAndRejectsBadDigits() throws {
        let bytes: [UInt8] = [0x00, 0x7f, 0x80, 0xff, 0x12]
        #expect(Hex.encode(bytes) == "007f80ff12")
        #expect(try Hex.decode("007F80ff12") == bytes)
        #expect(throws: CryptoError("crypto.malformed_hex", "")) { try Hex.decode("abc") }
        #expect(throws: CryptoError("crypto.malformed_hex", "")) { try Hex.decode("zz") }
    }

    @Test func base64RoundTripsEveryPaddingLength() throws {
        for length in 0..<8 {
            let bytes = SecureRandom.bytes(count: length)
            #expect(try Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foob".utf8)) == "Zm9vYg==")
        #expect(throws: CryptoError("crypto.malformed_base64", "")) { try Base64.decode("Zm9vYg=") }
        #expect(throws: CryptoError("crypto.malformed_base64", "")) { try Base64.decode("Zm9v*g==") }
        #expect(throws: CryptoError("crypto.malformed_base64", "")) { try Base64.decode("Zm=vYg==") }
    }

    @Test func randomBytesDifferAndHaveTheRequestedLength() {
        let a = SecureRandom.bytes(count: 32)
        let b = SecureRandom.bytes(count: 32)
        #expect(a.count == 32)
        #expect(a != b)
        #expect(SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test func constantTimeCompareDecidesEquality() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
    }
}
