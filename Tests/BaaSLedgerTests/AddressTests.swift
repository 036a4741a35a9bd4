import BaaSCrypto
import Testing
@testable import BaaSLedger

struct AddressTests {
    @Test(arguments: [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"),
    ])
    func keccakMatchesKnownAnswers(input: String, expected: String) {
        #expect(Hex.encode(Keccak.hash256(Array(input.utf8))) == expected)
    }

    @Test func keccakHandlesInputsAcrossTheRateBoundary() {
        let exact = [UInt8](repeating: 0x61, count: 136)
        #expect(Keccak.hash256(exact) != Keccak.hash256(exact.dropLast()))
        #expect(Keccak.hash256(exact + [0x61]).count == 32)
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func addressIsTheLastTwentyBytesOfKeccakOverThePoint(algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm).publicKey
        let point = key.rawPoint()
        #expect(point.count == 65 && point[0] == 4)
        let address = Address(publicKey: key)
        #expect(address.bytes == Array(Keccak.hash256(point[1...]).suffix(20)))
        #expect(Address(hex: address.description) == address)
        #expect(Address(hex: "0x1234") == nil)
    }
}
