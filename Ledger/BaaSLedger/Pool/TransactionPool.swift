import BaaSCrypto
import Synchronization

/// Pending transactions: admitted once (verified by the shared `TransactionVerifier`), ordered per
/// sender by nonce, selected for blocks, and dropped when a block commits them.
///
/// Admission refuses, with a `LedgerError`: what the verifier refuses (`ledger.oversize`,
/// `ledger.malformed`, `ledger.wrong_chain`, `ledger.foreign_identity`, `ledger.unknown_identity`,
/// `ledger.bad_signature`), a nonce below the sender's account nonce (`ledger.nonce_too_low`:
/// a replay), a transaction or sender-and-nonce already pending (`ledger.duplicate`), a nonce too
/// far ahead (`ledger.nonce_gap`), and a full pool (`ledger.pool_full`).
///
/// Thread-safe: admission verifies signatures outside the pool's lock.
public final class TransactionPool: Sendable {
    /// Pool limits.
    public struct Limits: Sendable {
        /// Most transactions pending in total.
        public var capacity: Int
        /// How far beyond the account nonce a pending nonce may be.
        public var maxNonceGap: UInt64

        public init(capacity: Int = 100_000, maxNonceGap: UInt64 = 1_000) {
            self.capacity = capacity
            self.maxNonceGap = maxNonceGap
        }
    }

    public let verifier: TransactionVerifier
    private let view: any LedgerView
    private let limits: Limits

    private struct Pending {
        var byHash: [DigestKey: VerifiedTransaction] = [:]
        /// Per sender: nonce → hash.
        var bySender: [Address: [UInt64: [UInt8]]] = [:]
        /// Senders in order of their first pending transaction, for fair selection.
        var senderOrder: [Address] = []
    }

    private let pending = Mutex(Pending())

    public init(verifier: TransactionVerifier, view: any LedgerView, limits: Limits = Limits()) {
        self.verifier = verifier
        self.view = view
        self.limits = limits
    }

    /// How many transactions are pending.
    public var count: Int { pending.withLock { $0.byHash.count } }

    /// Whether the transaction with `hash` is pending.
    public func contains(_ hash: [UInt8]) -> Bool { pending.withLock { $0.byHash[DigestKey(hash)] != nil } }

    /// Admits the encoded transaction `bytes`; returns it verified.
    ///
    /// - Throws: `LedgerError` with the reason (see the type's documentation).
    @discardableResult
    public func admit(_ bytes: [UInt8]) throws -> VerifiedTransaction {
        try admit(batch: [bytes])[0].get()
    }

    /// Admits each of `batch` as `admit(_:)` does, in order, with one verification pass, one
    /// read of the senders' nonces and one hold of the pool's lock for the whole batch; one
    /// result per transaction.
    public func admit(batch: [[UInt8]]) -> [Result<VerifiedTransaction, LedgerError>] {
        var results = verifier.verify(batch: batch)
        let verified = results.compactMap { try? $0.get() }
        let nonces = view.nonces(of: verified.map(\.sender))
        var accountNonce: [Address: UInt64] = [:]
        for (tx, nonce) in zip(verified, nonces) { accountNonce[tx.sender] = nonce }
        pending.withLock { pool in
            for index in results.indices {
                guard case .success(let tx) = results[index] else { continue }
                do {
                    try insert(tx, accountNonce: accountNonce[tx.sender] ?? 0, into: &pool)
                } catch let error as LedgerError {
                    results[index] = .failure(error)
                } catch {
                    results[index] = .failure(LedgerError("ledger.rejected", "\(error)"))
                }
            }
        }
        return results
    }

    private func insert(_ tx: VerifiedTransaction, accountNonce: UInt64, into pool: inout Pending) throws {
        guard tx.transaction.nonce >= accountNonce else {
            throw LedgerError("ledger.nonce_too_low",
                              "nonce \(tx.transaction.nonce) was already used by \(tx.sender); the next nonce is \(accountNonce)")
        }
        guard tx.transaction.nonce - accountNonce <= limits.maxNonceGap else {
            throw LedgerError("ledger.nonce_gap",
                              "nonce \(tx.transaction.nonce) is too far ahead of \(tx.sender)'s next nonce \(accountNonce)")
        }
        guard pool.byHash[DigestKey(tx.hash)] == nil else {
            throw LedgerError("ledger.duplicate", "the transaction is already pending")
        }
        if pool.bySender[tx.sender]?[tx.transaction.nonce] != nil {
            throw LedgerError("ledger.duplicate",
                              "another transaction of \(tx.sender) with nonce \(tx.transaction.nonce) is already pending")
        }
        guard pool.byHash.count < limits.capacity else {
            throw LedgerError("ledger.pool_full", "the pool holds \(limits.capacity) transactions; retry later")
        }
        pool.byHash[DigestKey(tx.hash)] = tx
        if pool.bySender[tx.sender] == nil {
            pool.bySender[tx.sender] = [:]
            pool.senderOrder.append(tx.sender)
        }
        pool.bySender[tx.sender]![tx.transaction.nonce] = tx.hash
    }

    /// Transactions for the next block: for each sender, a run of consecutive nonces starting at
    /// its account nonce, taken round-robin across senders, within `maxCount` and `maxBytes`.
    /// The transactions stay pending until `removeCommitted` is called.
    public func select(maxCount: Int, maxBytes: Int) -> [VerifiedTransaction] {
        pending.withLock { pool in
            var next: [Address: UInt64] = [:]
            var active = pool.senderOrder
            for (sender, nonce) in zip(active, view.nonces(of: active)) { next[sender] = nonce }
            var selected: [VerifiedTransaction] = []
            var bytes = 0
            while !active.isEmpty && selected.count < maxCount {
                var stillActive: [Address] = []
                for sender in active {
                    guard selected.count < maxCount, let nonce = next[sender],
                          let hash = pool.bySender[sender]?[nonce], let tx = pool.byHash[DigestKey(hash)] else { continue }
                    if bytes + tx.encoded.count > maxBytes { continue }
                    selected.append(tx)
                    bytes += tx.encoded.count
                    next[sender] = nonce + 1
                    stillActive.append(sender)
                }
                active = stillActive
            }
            return selected
        }
    }

    /// Drops the transactions a committed block carried, and any pending transaction whose nonce
    /// its sender has now used.
    public func removeCommitted(_ transactions: [VerifiedTransaction]) {
        let senders = Array(Set(transactions.map(\.sender)))
        let nonces = Dictionary(uniqueKeysWithValues: zip(senders, view.nonces(of: senders)))
        pending.withLock { pool in
            for tx in transactions { remove(tx.hash, from: &pool) }
            for (sender, accountNonce) in nonces {
                for (nonce, hash) in pool.bySender[sender] ?? [:] where nonce < accountNonce {
                    remove(hash, from: &pool)
                }
            }
            pool.senderOrder.removeAll { pool.bySender[$0] == nil }
        }
    }

    private func remove(_ hash: [UInt8], from pool: inout Pending) {
        guard let tx = pool.byHash.removeValue(forKey: DigestKey(hash)) else { return }
        pool.bySender[tx.sender]?[tx.transaction.nonce] = nil
        if pool.bySender[tx.sender]?.isEmpty == true { pool.bySender[tx.sender] = nil }
    }
}
