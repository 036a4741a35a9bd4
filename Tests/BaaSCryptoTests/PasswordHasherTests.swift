import Foundation
import Testing
import BaaSCrypto

@Suite struct PasswordHasherTests {
    @Test func correctPasswordVerifiesAndWrongOneDoesNot() {
        let encoded = PasswordHasher.hash(password: "correct horse battery staple")
        #expect(PasswordHasher.verify(password: "correct horse battery staple", encoded: encoded))
        #expect(!PasswordHasher.verify(password: "correct horse battery stapler", encoded: encoded))
        #expect(!PasswordHasher.verify(password: "", encoded: encoded))
        #expect(!encoded.contains("correct horse"))
    }

    @Test func encodedStringCarriesParametersAndFreshSalt() throws {
        let encoded = PasswordHasher.hash(password: "pw")
        #expect(encoded.hasPrefix("scrypt$ln=14,r=8,p=1$"))
        #expect(PasswordHasher.parameters(of: encoded) == .standard)
        #expect(PasswordHasher.hash(password: "pw") != encoded, "each hash has its own salt")
        let cheap = PasswordHasher.Parameters(logN: 10, r: 8, p: 2)
        let other = PasswordHasher.hash(password: "pw", parameters: cheap)
        #expect(PasswordHasher.parameters(of: other) == cheap)
        #expect(PasswordHasher.verify(password: "pw", encoded: other))
    }

    @Test func matchesRFC7914Vector() throws {
        // RFC 7914 section 12, second vector: P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64.
        let expected = try Hex.decode("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                                      + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
        let encoded = "scrypt$ln=10,r=8,p=16$\(Base64.encode(Array("NaCl".utf8)))$\(Base64.encode(expected))"
        #expect(PasswordHasher.verify(password: "password", encoded: encoded))
        #expect(!PasswordHasher.verify(password: "Password", encoded: encoded))
    }

    @Test(arguments: ["", "scrypt", "bcrypt$ln=14,r=8,p=1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==",
                      "scrypt$ln=30,r=8,p=1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==",
                      "scrypt$ln=14,r=8$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==",
                      "scrypt$ln=14,r=8,p=1$!!!$AAAAAAAAAAAAAAAAAAAAAA=="])
    func malformedEncodedStringNeverVerifies(_ encoded: String) {
        #expect(!PasswordHasher.verify(password: "pw", encoded: encoded))
    }

    /// The budget as scrypt's work and memory (128·r·N·p bytes, touched twice), not as a wall-clock
    /// figure, which depends on the machine and its load.
    @Test func standardCostStaysWithinAServerBudget() {
        let standard = PasswordHasher.Parameters.standard
        let memory = 128 * standard.r * (1 << standard.logN) * standard.p
        #expect(memory <= 16 << 20, "scrypt would need \(memory) bytes per login")
        #expect(standard.logN >= 14, "below N = 2^14 scrypt is too cheap to slow down guessing")
        let encoded = PasswordHasher.hash(password: "budget")
        #expect(PasswordHasher.parameters(of: encoded) == standard)
        #expect(PasswordHasher.verify(password: "budget", encoded: encoded))
    }
}
