import BaaSCrypto
import Testing
@testable import BaaSLedger

struct AddressTests {
    @Test(arguments: [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
    ])
    func keccakMatchesKnownAnswers(input: String, expected: String) {
        #expect(Hex.encode(Keccak.hash256(Array(input.utf8))) == expected)
    }

    @Test func keccakHandlesInputsAcrossTheRateBoundary() {
        let long = [UInt8](repeating: 0x61, count: 200)
        #expect(Keccak.hash256(long) != Keccak.hash256(long.dropLast()))
        #expect(Keccak.hash256(long).count == 32)
    }
}
