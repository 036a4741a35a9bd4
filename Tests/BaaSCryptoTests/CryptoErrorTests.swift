import Testing
import BaaSCrypto

@Suite struct CryptoErrorTests {
    @Test func errorsCompareByCodeAndDescribeForOperators() {
        let a = CryptoError("crypto.malformed_pem", "the PEM text has no BEGIN line")
        let b = CryptoError("crypto.malformed_pem", "other words")
        #expect(a == b)
        #expect(a.description.contains("[crypto.malformed_pem]"))
    }
}
