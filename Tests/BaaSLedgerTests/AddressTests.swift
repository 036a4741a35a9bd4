import BaaSCrypto
import BaaSEVM
import Testing
@testable import BaaSLedger

struct AddressTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func addressIsTheLastTwentyBytesOfKeccakOverThePoint(algorithm: SignatureAlgorithm) throws {
        let key = PrivateKey.generate(algorithm).publicKey
        let point = key.rawPoint()
        #expect(point.count == 65 && point[0] == 4)
        let address = Address(publicKey: key)
        #expect(address.bytes == Array(Keccak256.hash(point[1...]).suffix(20)))
        #expect(Address(hex: address.description) == address)
        #expect(Address(hex: "0x1234") == nil)
        #expect(address.bytes == EVMAddress(Keccak256.hashWord(Array(point[1...]))).bytes)
    }
}
