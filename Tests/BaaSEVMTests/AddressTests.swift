import Testing
import BaaSEVM

@Suite struct AddressTests {
    /// The examples of EIP-1014.
    static let create2Examples: [(String, String, String, String)] = [
        ("0x0000000000000000000000000000000000000000", "0x00", "0x00", "0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38"),
        ("0xdeadbeef00000000000000000000000000000000", "0x00", "0x00", "0xb928f69bb1d91cd65274e3c79d8986362984fda3"),
        ("0xdeadbeef00000000000000000000000000000000", "0x000000000000000000000000feed000000000000000000000000000000000000",
         "0x00", "0xd04116cdd17bebe565eb2422f2497e06cc1c9833"),
        ("0x0000000000000000000000000000000000000000", "0x00", "0xdeadbeef", "0x70f2b2914a2a4b783faefb75f459a580616fcb5e"),
        ("0x00000000000000000000000000000000deadbeef", "0xcafebabe", "0xdeadbeef",
         "0x60f3f640a8508fc6a86d45df051962668e1e8ac7"),
        ("0x00000000000000000000000000000000deadbeef", "0xcafebabe",
         "0x" + String(repeating: "deadbeef", count: 11), "0x1d8bfdc5d46dc4f61d6b6115972536ebe6a8854c"),
        ("0x0000000000000000000000000000000000000000", "0x00", "0x", "0xe33c0c7f7df4809055c3eba6c09cfe4baf1bd9e0"),
    ]

    @Test(arguments: create2Examples)
    func create2AddressMatchesEIP1014Examples(sender: String, salt: String, initCode: String, expected: String) {
        let address = EVMAddress.forCreate2(sender: EVMAddress(hex: sender)!, salt: UInt256(hex: salt)!,
                                            initCodeHash: Keccak256.hashWord(Hex.decode(initCode)!))
        #expect(address.description == expected)
    }

    static let createExamples: [(UInt64, String)] = [
        (0, "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"),
        (1, "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8"),
        (2, "0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91"),
        (3, "0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c"),
    ]

    @Test(arguments: createExamples)
    func createAddressIsKeccakOfRLPSenderAndNonce(nonce: UInt64, expected: String) {
        let sender = EVMAddress(hex: "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0")!
        #expect(EVMAddress.forCreate(sender: sender, nonce: nonce).description == expected)
    }

    @Test func addressParsesAndPrintsTwentyBytes() {
        let text = "0x00112233445566778899aabbccddeeff00112233"
        let parsed = EVMAddress(hex: text)
        #expect(parsed?.description == text)
        #expect(parsed?.bytes.count == 20)
        #expect(EVMAddress(hex: "0x1234") == nil)
        #expect(EVMAddress(UInt256.max).word == UInt256.max >> 96)
    }
}
