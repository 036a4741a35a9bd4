import BaaSController
import BaaSCrypto
import Foundation
import Testing

/// RFC 6238 TOTP, RFC 4648 base32 and RFC 2202 HMAC-SHA1 against their published vectors.
struct TOTPTests {
    let crypto = OpenSSLCryptography()

    /// RFC 6238 Appendix B, SHA-1 rows (seed "12345678901234567890", 8 digits, 30 s).
    @Test(arguments: [
        (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ] as [(Double, String)])
    func matchesRFC6238AppendixB(time: Double, expected: String) throws {
        let totp = TOTP(digits: 8)
        let code = try totp.code(secret: Array("12345678901234567890".utf8), at: Date(timeIntervalSince1970: time), crypto: crypto)
        #expect(code == expected)
    }

    @Test func sixDigitCodesAreTheLastSixOfTheEightDigitOnes() throws {
        let code = try TOTP().code(secret: Array("12345678901234567890".utf8), at: Date(timeIntervalSince1970: 59), crypto: crypto)
        #expect(code == "287082")
    }

    @Test func acceptsOneStepOfDriftEitherWayAndNoMore() throws {
        let totp = TOTP()
        let seed = Array("12345678901234567890".utf8)
        let now = Date(timeIntervalSince1970: 1_800_000_015)
        let current = totp.step(at: now)
        for drift in [-1, 0, 1] as [Int64] {
            let code = try totp.code(secret: seed, step: current + drift, crypto: crypto)
            #expect(try totp.matchingStep(code, secret: seed, at: now, crypto: crypto) == current + drift)
        }
        for drift in [-2, 2] as [Int64] {
            let code = try totp.code(secret: seed, step: current + drift, crypto: crypto)
            #expect(try totp.matchingStep(code, secret: seed, at: now, crypto: crypto) == nil)
        }
    }

    @Test func hmacSHA1MatchesRFC2202() throws {
        let tag = try HMACSHA1.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(tag.map { String(format: "%02x", $0) }.joined() == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }

    @Test func hmacSHA1OfEmptyKeyAndMessage() throws {
        let tag = try HMACSHA1.authenticationCode(key: [], message: [])
        #expect(tag.map { String(format: "%02x", $0) }.joined() == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d")
    }

    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
                      ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func base32MatchesRFC4648(plain: String, encoded: String) throws {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(try Base32.decode(encoded) == Array(plain.utf8))
        #expect(try Base32.decode(encoded.lowercased() + "====") == Array(plain.utf8))
    }

    @Test func base32RejectsOtherCharacters() {
        #expect(throws: ControllerError.invalid("invalid_base32", "")) { try Base32.decode("MZXW1") }
    }

    @Test func provisioningURICarriesTheSeedAndParameters() {
        let uri = TOTP().provisioningURI(secret: Array("12345678901234567890".utf8), account: "alice", issuer: "BaaS Demo")
        #expect(uri == "otpauth://totp/BaaS%20Demo%3Aalice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=BaaS%20Demo&algorithm=SHA1&digits=6&period=30")
    }
}
