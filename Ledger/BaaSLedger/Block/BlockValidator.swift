import BaaSCrypto

/// Refuses blocks that must not be applied: a proposer that is not a validator, a broken hash
/// link or height, a timestamp before the
/// parent's, too many transactions or bytes, a transactions root that does not match, a duplicate
/// or invalid transaction, and — after execution — a state or receipts root that differs from
/// the one the proposer claimed.
///
/// Transactions are checked through the shared `TransactionVerifier`, so those already admitted
/// to this node's pool are not verified again. Thread-safe.
public struct BlockValidator: Sendable {
    public let verifier: TransactionVerifier

    public init(verifier: TransactionVerifier) {
        self.verifier = verifier
    }

    /// Checks `block` against its parent's header and the parameters and members in force;
    /// returns its verified transactions in order.
    ///
    /// - Throws: `ledger.bad_block` naming the first problem found.
    public func validate(_ block: Block, parent: BlockHeader, parameters: ChainParameters,
                         members: [Member]) throws -> [VerifiedTransaction] {
        let algorithm = verifier.hashAlgorithm
        let header = block.header
        guard members.contains(where: { $0.nodeID == header.proposer && $0.role == .validator }) else {
            throw LedgerError.badBlock("block \(header.height) was proposed by node \(header.proposer), which is not a validator")
        }
        guard header.height == parent.height + 1 else {
            throw LedgerError.badBlock("height \(header.height) does not follow \(parent.height)")
        }
        guard header.previousHash == parent.hash(algorithm) else {
            throw LedgerError.badBlock("block \(header.height) does not link to the hash of block \(parent.height)")
        }
        guard header.timestampMilliseconds >= parent.timestampMilliseconds else {
            throw LedgerError.badBlock("block \(header.height) is timestamped before its parent")
        }
        guard UInt64(block.transactions.count) <= parameters.maxTransactionsPerBlock else {
            throw LedgerError.badBlock("block \(header.height) has \(block.transactions.count) transactions; the limit is \(parameters.maxTransactionsPerBlock)")
        }
        let bytes = block.transactions.reduce(0) { $0 + $1.count }
        guard UInt64(bytes) <= parameters.maxBlockBytes else {
            throw LedgerError.badBlock("block \(header.height) has \(bytes) bytes of transactions; the limit is \(parameters.maxBlockBytes)")
        }
        var verified: [VerifiedTransaction] = []
        verified.reserveCapacity(block.transactions.count)
        var seen = Set<DigestKey>()
        for (position, bytes) in block.transactions.enumerated() {
            let tx: VerifiedTransaction
            do {
                tx = try verifier.verify(bytes)
            } catch let error as LedgerError {
                throw LedgerError.badBlock("transaction \(position) of block \(header.height) is invalid: \(error.message) [\(error.code)]")
            }
            guard seen.insert(DigestKey(tx.hash)).inserted else {
                throw LedgerError.badBlock("transaction \(position) of block \(header.height) appears twice")
            }
            verified.append(tx)
        }
        let root = MerkleTree.root(verified.map(\.hash), algorithm: algorithm)
        guard root == header.transactionsRoot else {
            throw LedgerError.badBlock("the transactions root of block \(header.height) does not match its transactions")
        }
        return verified
    }

    /// Checks that executing the block gave the roots its header claims.
    ///
    /// - Throws: `ledger.bad_block`.
    public func checkExecution(_ block: Block, _ changes: StateChanges) throws {
        guard changes.stateRoot == block.header.stateRoot else {
            throw LedgerError.badBlock("executing block \(block.header.height) gives another state root than its header claims")
        }
        guard changes.receiptsRoot == block.header.receiptsRoot else {
            throw LedgerError.badBlock("executing block \(block.header.height) gives another receipts root than its header claims")
        }
    }
}
