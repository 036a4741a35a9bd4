/// An account's state: its native-asset balance and the nonce its next transaction must carry.
///
/// `codeHash` is empty for accounts of people and nodes; a contract account (once the EVM is
/// wired in) holds the hash of its code here, and its storage slots live under their own keys
/// (`StateKey.contractStorage`), so adding contracts changes no existing encoding.
public struct Account: Sendable, Hashable {
    public var balance: UInt64
    public var nonce: UInt64
    public var codeHash: [UInt8]

    public init(balance: UInt64 = 0, nonce: UInt64 = 0, codeHash: [UInt8] = []) {
        self.balance = balance
        self.nonce = nonce
        self.codeHash = codeHash
    }

    func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 24)
        w.varint(balance)
        w.varint(nonce)
        w.byteString(codeHash)
        return w.bytes
    }

    init(decoding bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        self.init(balance: try r.varint(), nonce: try r.varint(), codeHash: try r.byteString(limit: 64))
        try r.finish()
    }
}
