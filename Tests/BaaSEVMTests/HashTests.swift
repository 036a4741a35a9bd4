import Testing
@testable import BaaSEVM

func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
}

@Suite struct HashTests {
    static let keccakAnswers: [(String, String)] = [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ("The quick brown fox jumps over the lazy dog",
         "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"),
        ("transfer(address,uint256)", "a9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b"),
    ]

    @Test(arguments: keccakAnswers)
    func keccak256MatchesKnownAnswers(input: String, digest: String) {
        #expect(hexString(Keccak256.hash(Array(input.utf8))) == digest)
    }

    /// SHA3-256 differs from Keccak-256 only in the padding byte, so FIPS 202 answers (from Python's
    /// hashlib) check the sponge across block boundaries.
    static let sha3Answers: [(Int, String)] = [
        (135, "8094bb53c44cfb1e67b7c30447f9a1c33696d2463ecc1d9c92538913392843c9"),
        (136, "3fc5559f14db8e453a0a3091edbd2bc25e11528d81c66fa570a4efdcc2695ee1"),
        (137, "f8d6846cedd2ccfadf15c5879ef95af724d799eed7391fb1c91f95344e738614"),
        (272, "a490357b9b3fb39d0a89a117734e5b020b1f33c7bf3fa3575c396425432003d3"),
        (1000, "8f3934e6f7a15698fe0f396b95d8c4440929a8fa6eae140171c068b4549fbf81"),
    ]

    @Test(arguments: sha3Answers)
    func spongeMatchesSHA3AcrossBlockBoundaries(length: Int, digest: String) {
        let data = [UInt8](repeating: 0x61, count: length)
        let word = data.withUnsafeBytes { Keccak256.sponge($0, domainPadding: 0x06) }
        #expect(hexString(word.bigEndianBytes) == digest)
    }

    static let sha256Answers: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ]

    @Test(arguments: sha256Answers)
    func sha256MatchesKnownAnswers(input: String, digest: String) {
        #expect(hexString(SHA256.hash(Array(input.utf8))) == digest)
    }

    static let ripemd160Answers: [(String, String)] = [
        ("", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
        ("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
        ("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
        (String(repeating: "a", count: 1000), "aa69deee9a8922e92f8105e007f76110f381e9cf"),
    ]

    @Test(arguments: ripemd160Answers)
    func ripemd160MatchesKnownAnswers(input: String, digest: String) {
        #expect(hexString(RIPEMD160.hash(Array(input.utf8))) == digest)
    }
}
