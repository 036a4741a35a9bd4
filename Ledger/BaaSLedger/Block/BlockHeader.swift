import BaaSCrypto

/// A block's header: what the block hash covers.
public struct BlockHeader: Sendable, Hashable {
    public static let formatVersion: UInt8 = 1

    /// 0 for the genesis block.
    public var height: UInt64
    /// The hash of the block at `height - 1`; for the genesis block, the genesis hash.
    public var previousHash: [UInt8]
    /// Milliseconds since 1970, set by the proposer; never below its parent's.
    public var timestampMilliseconds: UInt64
    /// The Merkle root of the transactions' hashes.
    public var transactionsRoot: [UInt8]
    /// The state root after executing this block.
    public var stateRoot: [UInt8]
    /// The Merkle root of the receipts' hashes.
    public var receiptsRoot: [UInt8]
    /// The node id of the proposer (0 for the genesis block).
    public var proposer: UInt64
    /// The Raft term and index of the entry that carried the block (0 for the genesis block).
    public var raftTerm: UInt64
    public var raftIndex: UInt64

    public init(height: UInt64, previousHash: [UInt8], timestampMilliseconds: UInt64, transactionsRoot: [UInt8],
                stateRoot: [UInt8], receiptsRoot: [UInt8], proposer: UInt64, raftTerm: UInt64, raftIndex: UInt64) {
        self.height = height
        self.previousHash = previousHash
        self.timestampMilliseconds = timestampMilliseconds
        self.transactionsRoot = transactionsRoot
        self.stateRoot = stateRoot
        self.receiptsRoot = receiptsRoot
        self.proposer = proposer
        self.raftTerm = raftTerm
        self.raftIndex = raftIndex
    }

    func encode(to w: inout BinaryWriter) {
        w.u8(Self.formatVersion)
        w.varint(height)
        w.byteString(previousHash)
        w.varint(timestampMilliseconds)
        w.byteString(transactionsRoot)
        w.byteString(stateRoot)
        w.byteString(receiptsRoot)
        w.varint(proposer)
        w.varint(raftTerm)
        w.varint(raftIndex)
    }

    init(from r: inout BinaryReader) throws {
        let version = try r.u8()
        guard version == Self.formatVersion else { throw LedgerError.malformed("block header version \(version)") }
        height = try r.varint()
        previousHash = try r.byteString(limit: 64)
        timestampMilliseconds = try r.varint()
        transactionsRoot = try r.byteString(limit: 64)
        stateRoot = try r.byteString(limit: 64)
        receiptsRoot = try r.byteString(limit: 64)
        proposer = try r.varint()
        raftTerm = try r.varint()
        raftIndex = try r.varint()
    }

    /// The canonical encoding.
    public func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 160)
        encode(to: &w)
        return w.bytes
    }

    /// Decodes `encoded()` output; throws `ledger.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        try self.init(from: &r)
        try r.finish()
    }

    /// The block hash: the chain hash of the header's encoding.
    public func hash(_ algorithm: DigestAlgorithm) -> [UInt8] {
        Digest.hash(encoded(), algorithm: algorithm)
    }
}
