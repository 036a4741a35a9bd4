import BaaSCrypto

/// A block: a header and the encoded transactions it orders.
///
/// Transactions are kept as the exact bytes their senders signed, so a block is relayed and
/// stored without re-encoding. Encoding: header, count, length-prefixed transactions; decoding
/// throws `ledger.malformed` on anything else and never traps.
public struct Block: Sendable, Hashable {
    public var header: BlockHeader
    public var transactions: [[UInt8]]

    public init(header: BlockHeader, transactions: [[UInt8]]) {
        self.header = header
        self.transactions = transactions
    }

    /// Block 0 of the network of `genesis`, whose state root is `stateRoot` (the genesis state).
    public static func genesis(_ genesis: Genesis, stateRoot: [UInt8]) -> Block {
        let empty = MerkleTree.root([], algorithm: genesis.hashAlgorithm)
        return Block(header: BlockHeader(height: 0, previousHash: genesis.hash,
                                         timestampMilliseconds: genesis.timestampMilliseconds,
                                         transactionsRoot: empty, stateRoot: stateRoot, receiptsRoot: empty,
                                         proposer: 0, raftTerm: 0, raftIndex: 0),
                     transactions: [])
    }

    /// The canonical encoding.
    public func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 160 + transactions.reduce(0) { $0 + $1.count + 3 })
        header.encode(to: &w)
        w.varint(UInt64(transactions.count))
        transactions.forEach { w.byteString($0) }
        return w.bytes
    }

    /// Decodes `encoded()` output.
    ///
    /// - Throws: `ledger.malformed` for truncated, trailing or otherwise invalid bytes.
    public init(decoding bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        header = try BlockHeader(from: &r)
        transactions = []
        let count = try r.length(limit: 1_000_000, minimumSize: 1)
        transactions.reserveCapacity(count)
        for _ in 0..<count { transactions.append(try r.byteString()) }
        try r.finish()
    }

    /// The block hash (of the header).
    public func hash(_ algorithm: DigestAlgorithm) -> [UInt8] { header.hash(algorithm) }

    /// The Merkle root of `transactions`' hashes, what `header.transactionsRoot` must be.
    public func computedTransactionsRoot(_ algorithm: DigestAlgorithm) -> [UInt8] {
        MerkleTree.root(transactions.map { Digest.hash($0, algorithm: algorithm) }, algorithm: algorithm)
    }
}
