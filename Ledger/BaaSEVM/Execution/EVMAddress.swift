/// A 20-byte account address, held as integers so that it is a cheap dictionary key.
public struct EVMAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Bytes 0–3 (most significant).
    var high: UInt32
    /// Bytes 4–11.
    var middle: UInt64
    /// Bytes 12–19.
    var low: UInt64

    /// The address in the low 160 bits of `word` (the EVM's conversion; higher bits are dropped).
    public init(_ word: UInt256) {
        self.high = UInt32(truncatingIfNeeded: word.w2)
        self.middle = word.w1
        self.low = word.w0
    }

    /// An address from 20 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.init(UInt256(bigEndian: bytes))
    }

    /// Parses 40 hex digits with or without `0x`.
    public init?(hex text: String) {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? text.dropFirst(2) : Substring(text)
        guard digits.count == 40, let word = UInt256(hex: String(digits)) else { return nil }
        self.init(word)
    }

    /// The all-zero address.
    public static let zero = EVMAddress(UInt256.zero)

    /// The address as a word (what `ADDRESS`/`CALLER` push).
    public var word: UInt256 { UInt256(w0: low, w1: middle, w2: UInt64(high), w3: 0) }

    /// The 20 bytes.
    public var bytes: [UInt8] { Array(word.bigEndianBytes.suffix(20)) }

    /// Lowercase hex with `0x`, 40 digits.
    public var description: String { Hex.encode(bytes) }

    public static func < (a: EVMAddress, b: EVMAddress) -> Bool { a.word < b.word }

    /// The address `CREATE` gives: keccak256(rlp([sender, nonce]))[12...].
    public static func forCreate(sender: EVMAddress, nonce: UInt64) -> EVMAddress {
        let encoded = RLP.list([.bytes(sender.bytes), .integer(nonce)]).encoded
        return EVMAddress(Keccak256.hashWord(encoded))
    }

    /// The address `CREATE2` gives (EIP-1014): keccak256(0xff ++ sender ++ salt ++ keccak256(initCode))[12...].
    public static func forCreate2(sender: EVMAddress, salt: UInt256, initCodeHash: UInt256) -> EVMAddress {
        let preimage = [0xff] + sender.bytes + salt.bigEndianBytes + initCodeHash.bigEndianBytes
        return EVMAddress(Keccak256.hashWord(preimage))
    }
}
