import BaaSCrypto
import BaaSSQLite
import Synchronization

/// A node's ledger on disk: blocks, transactions with their receipts, and the state, in one SQLite
/// file (WAL, `synchronous=FULL`), with the current state held in memory. Receipts are first
/// appended to a staging table in commit order and moved into the hash-keyed index in sorted
/// batches, which keeps the pages a block writes few. Once `indexBatchRows` have gathered, the
/// staged rows move one hash range (1/`indexSlices` of the hash space) per block: the move
/// rewrites the index pages of that range, and a single whole move would rewrite the whole index
/// inside one block's commit — a stall that grows with the ledger.
///
/// Each committed block is written in one SQLite transaction (block, receipts, changed state
/// entries and the new head together), so after a crash the store reopens at the last committed
/// block with exactly its state root — `open` recomputes the root and refuses a store whose state
/// does not match its head.
///
/// The whole state is loaded into memory at `init` (reads never touch the disk); blocks and
/// receipts stay on disk.
///
/// - Note: Thread-safe: one lock guards the in-memory state (held only briefly, never across disk
///   writes), another serialises commits. Calls that touch blocks or receipts block on disk I/O;
///   call them off latency-sensitive threads.
public final class LedgerStore: LedgerView, @unchecked Sendable {
    /// The network this store belongs to.
    public let genesis: Genesis
    let database: SQLiteDatabase
    let lock = Mutex(())
    /// Serialises the writers of the state (commits, snapshot imports), which hold `lock` only
    /// while they compute and swap the in-memory state, not while they write to disk. Taken
    /// before `lock`.
    let writer = Mutex(())
    /// Changed with `writer` and `lock` held; read with either.
    var state: LedgerState
    /// Changed with `writer` and `lock` held; read with either.
    var headHeader: BlockHeader
    /// Where each transaction staged in `transactions_recent` is (first inclusion only): the
    /// receipts of the latest blocks are appended there in commit order, and moved into the
    /// hash-keyed `transactions` table, sorted, one hash range per block once `indexBatchRows`
    /// have gathered. Changed with `writer` held, after the rows are written.
    private let recent: Mutex<RecentIndex>

    /// How many staged receipts gather before they start moving into `transactions`.
    let indexBatchRows: Int
    /// In how many hash ranges (one per block) the staged receipts move into `transactions`.
    let indexSlices: Int

    private struct RecentIndex {
        var rows: [DigestKey: Int64] = [:]
        /// Staged rows, repeated inclusions included.
        var count = 0
        var nextSeq: Int64 = 1
        /// The hash range the next move takes; a round of moves runs through all of them.
        var slice = 0
        /// Counts the moves, so a lookup that missed the index while a move ran looks again.
        var moves = 0
    }

    /// The first bytes of the hashes in range `slice` of `slices` (the ranges split 0…255 evenly).
    private static func sliceBounds(_ slice: Int, of slices: Int) -> Range<Int> {
        (slice * 256 / slices)..<((slice + 1) * 256 / slices)
    }

    /// Opens (creating when new) the ledger database at `path` for the network of `genesis`.
    ///
    /// - Throws: `ledger.store` when the database belongs to another network or its state does not
    ///   match its head block; `SQLiteError` when the file cannot be opened or migrated.
    /// `indexBatchRows` is how many receipts gather in the staging table before they move into
    /// the hash index (larger: fewer index pages rewritten per transaction, a longer move).
    /// `indexSlices` is in how many steps (one per block, each a range of hashes) they move.
    public init(path: String, genesis: Genesis, indexBatchRows: Int = 16_384, indexSlices: Int = 16) throws {
        self.genesis = genesis
        self.indexBatchRows = max(indexBatchRows, 1)
        self.indexSlices = min(max(indexSlices, 1), 256)
        database = try SQLiteDatabase(path: path, options: .init(synchronous: .full))
        // A page cache that holds the transaction index's working set, and fewer, larger WAL
        // checkpoints (pages rewritten between two checkpoints are copied back once).
        try database.execute("PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 4000")
        try LedgerSchema.migrator.migrate(database)
        var staged = RecentIndex()
        for row in try database.query("SELECT seq, hash FROM transactions_recent ORDER BY seq") {
            let seq = try row.int64("seq")
            let key = DigestKey(try row.blob("hash"))
            if staged.rows[key] == nil { staged.rows[key] = seq }
            staged.count += 1
            staged.nextSeq = seq + 1
        }
        recent = Mutex(staged)
        let hash = genesis.hash
        if let recorded = try database.queryFirst("SELECT value FROM ledger_meta WHERE name = 'genesis_hash'") {
            guard try recorded.blob("value") == hash else {
                throw LedgerError("ledger.store",
                                  "the ledger database at \(path) belongs to another network (its genesis differs); "
                                  + "point the node at its own data directory")
            }
            var entries: [[UInt8]: [UInt8]] = [:]
            for row in try database.query("SELECT key, value FROM state") {
                entries[try row.blob("key")] = try row.blob("value")
            }
            state = try LedgerState(hashAlgorithm: genesis.hashAlgorithm, entries: entries)
            guard let head = try database.queryFirst("SELECT value FROM ledger_meta WHERE name = 'head'") else {
                throw LedgerError("ledger.store", "the ledger database at \(path) has no head block; restore it from a snapshot")
            }
            headHeader = try BlockHeader(decoding: head.blob("value"))
            guard headHeader.stateRoot == state.root else {
                throw LedgerError("ledger.store",
                                  "the state in \(path) does not match the state root of block \(headHeader.height); "
                                  + "the file is damaged: restore it from a snapshot or a peer")
            }
        } else {
            state = LedgerState(genesis: genesis)
            let block = Block.genesis(genesis, stateRoot: state.root)
            headHeader = block.header
            let entries = state.entries
            try database.transaction { db in
                try db.run("INSERT INTO ledger_meta (name, value) VALUES ('genesis_hash', ?)", [.blob(hash)])
                try db.run("INSERT INTO ledger_meta (name, value) VALUES ('head', ?)", [.blob(block.header.encoded())])
                try db.run("INSERT INTO blocks (height, hash, data) VALUES (0, ?, ?)",
                           [.blob(block.hash(genesis.hashAlgorithm)), .blob(block.encoded())])
                for (key, value) in entries {
                    try db.run("INSERT INTO state (key, value) VALUES (?, ?)", [.blob(key), .blob(value)])
                }
            }
        }
    }

    // MARK: - Reads

    /// The header of the last committed block.
    public var head: BlockHeader { lock.withLock { _ in headHeader } }

    /// The current state root.
    public var stateRoot: [UInt8] { lock.withLock { _ in state.root } }

    /// The chain parameters in force.
    public var parameters: ChainParameters { lock.withLock { _ in state.parameters } }

    /// The members in force, by node id.
    public var members: [Member] { lock.withLock { _ in state.members } }

    /// The network admins.
    public var admins: [Address] { lock.withLock { _ in state.admins } }

    /// The account of `address`.
    public func account(_ address: Address) -> Account { lock.withLock { _ in state.account(address) } }

    /// The notarised value under `key` and its owner.
    public func value(forKey key: [UInt8]) -> (owner: Address, value: [UInt8])? {
        lock.withLock { _ in state.value(forKey: key) }
    }

    public func nonce(of address: Address) -> UInt64 { account(address).nonce }

    public func nonces(of addresses: [Address]) -> [UInt64] {
        lock.withLock { _ in addresses.map { state.account($0).nonce } }
    }

    public func certificate(fingerprint: [UInt8]) -> [UInt8]? {
        lock.withLock { _ in state.certificate(fingerprint: fingerprint) }
    }

    /// The block at `height`, nil when not stored (beyond the head, or before a snapshot).
    public func block(at height: UInt64) throws -> Block? {
        guard let row = try database.queryFirst("SELECT data FROM blocks WHERE height = ?",
                                                [.integer(Int64(bitPattern: height))]) else { return nil }
        return try Block(decoding: row.blob("data"))
    }

    /// The block with hash `hash`.
    public func block(hash: [UInt8]) throws -> Block? {
        guard let row = try database.queryFirst("SELECT data FROM blocks WHERE hash = ?", [.blob(hash)]) else { return nil }
        return try Block(decoding: row.blob("data"))
    }

    /// Where a committed transaction is and its receipt.
    public func receipt(transaction hash: [UInt8]) throws -> (height: UInt64, position: Int, receipt: Receipt)? {
        // The indexed rows are older than the staged ones, so they hold a first inclusion. A
        // staged row can move into the index between the two reads: then look there again.
        let moves = recent.withLock { $0.moves }
        if let found = try indexedReceipt(hash) { return found }
        let (staged, movedSince) = recent.withLock { ($0.rows[DigestKey(hash)], $0.moves != moves) }
        guard let seq = staged else { return movedSince ? try indexedReceipt(hash) : nil }
        guard let row = try database.queryFirst("SELECT height, position, receipt FROM transactions_recent WHERE seq = ?",
                                                [.integer(seq)]) else { return try indexedReceipt(hash) }
        return (UInt64(try row.int64("height")), try row.int("position"), try Receipt(decoding: row.blob("receipt")))
    }

    private func indexedReceipt(_ hash: [UInt8]) throws -> (height: UInt64, position: Int, receipt: Receipt)? {
        guard let row = try database.queryFirst("SELECT height, position, receipt FROM transactions WHERE hash = ?",
                                                [.blob(hash)]) else { return nil }
        return (UInt64(try row.int64("height")), try row.int("position"), try Receipt(decoding: row.blob("receipt")))
    }

    /// A committed transaction, where it is, and its receipt.
    public func transaction(hash: [UInt8]) throws -> (transaction: Transaction, height: UInt64, position: Int, receipt: Receipt)? {
        guard let location = try receipt(transaction: hash), let block = try block(at: location.height),
              location.position < block.transactions.count else { return nil }
        return (try Transaction(decoding: block.transactions[location.position]), location.height, location.position,
                location.receipt)
    }

    /// The receipts of the block at `height`, in transaction order (empty when not stored).
    ///
    /// A transaction included again after its first inclusion (a replay a proposer let through,
    /// refused with `ledger.bad_nonce`) keeps only its first receipt.
    public func receipts(at height: UInt64) throws -> [Receipt] {
        let bound: [SQLiteValue] = [.integer(Int64(bitPattern: height))]
        var found: [(position: Int, receipt: [UInt8])] = try database.query(
            "SELECT position, receipt FROM transactions WHERE height = ?", bound).map { (try $0.int("position"), try $0.blob("receipt")) }
        for row in try database.query("SELECT seq, hash, position, receipt FROM transactions_recent WHERE height = ?", bound) {
            let hash = try row.blob("hash")
            // A repeated inclusion keeps only the first one's receipt.
            guard recent.withLock({ $0.rows[DigestKey(hash)] }) == (try row.int64("seq")),
                  try database.queryFirst("SELECT 1 FROM transactions WHERE hash = ?", [.blob(hash)]) == nil else { continue }
            found.append((try row.int("position"), try row.blob("receipt")))
        }
        return try found.sorted { $0.position < $1.position }.map { try Receipt(decoding: $0.receipt) }
    }

    // MARK: - Blocks

    /// Builds the next block from `transactions` (as a proposer): executes them on the current
    /// state without changing it and fills in the roots. Commit the block with `commit(_:validator:precomputed:)`
    /// passing the returned changes, so it is not executed twice.
    public func propose(_ transactions: [VerifiedTransaction], proposer: UInt64, timestampMilliseconds: UInt64,
                        raftTerm: UInt64, raftIndex: UInt64) -> (block: Block, changes: StateChanges) {
        writer.withLock { _ in
            // Under `writer` the state cannot change, and `execute` only reads it: readers that
            // take `lock` (pool admission, the API) go on meanwhile.
            let headHeader = lock.withLock { _ in self.headHeader }
            let timestamp = max(timestampMilliseconds, headHeader.timestampMilliseconds)
            let changes = state.execute(transactions, block: BlockEnvironment(height: headHeader.height + 1,
                                                                              timestampMilliseconds: timestamp))
            let algorithm = genesis.hashAlgorithm
            let header = BlockHeader(height: headHeader.height + 1, previousHash: headHeader.hash(algorithm),
                                     timestampMilliseconds: timestamp,
                                     transactionsRoot: MerkleTree.root(transactions.map(\.hash), algorithm: algorithm),
                                     stateRoot: changes.stateRoot, receiptsRoot: changes.receiptsRoot,
                                     proposer: proposer, raftTerm: raftTerm, raftIndex: raftIndex)
            return (Block(header: header, transactions: transactions.map(\.encoded)), changes)
        }
    }

    /// Validates, executes and durably stores the next block; returns its receipts.
    ///
    /// `precomputed` (from `propose`) skips execution when it was computed on the current state.
    /// A refused block changes nothing. Call from one thread at a time (the node's apply loop):
    /// validation runs outside the store's lock, because verifying transactions reads the store.
    ///
    /// - Throws: `ledger.bad_block` (the block is refused), `SQLiteError` (the disk failed; the
    ///   store stays at the previous block).
    @discardableResult
    public func commit(_ block: Block, validator: BlockValidator, precomputed: StateChanges? = nil) throws -> [Receipt] {
        try commitVerified(block, validator: validator, precomputed: precomputed).receipts
    }

    /// `commit`, also returning the block's verified transactions, so the caller need not look
    /// each up again.
    func commitVerified(_ block: Block, validator: BlockValidator,
                        precomputed: StateChanges? = nil) throws -> (receipts: [Receipt], verified: [VerifiedTransaction]) {
        try writer.withLock { _ in
            let (parent, parameters, members) = lock.withLock { _ in (headHeader, state.parameters, state.members) }
            let verified = try validator.validate(block, parent: parent, parameters: parameters, members: members)
            // Executed and written outside `lock`: readers (pool admission, verification, the
            // API) keep going while the block runs and SQLite writes; `writer` keeps the state
            // unchanged meanwhile, and `execute` only reads it.
            guard headHeader == parent else {
                throw LedgerError.badBlock("block \(block.header.height) was validated against a head that another commit replaced")
            }
            let changes: StateChanges
            if let precomputed, precomputed.baseRoot == state.root, precomputed.receipts.count == verified.count {
                changes = precomputed
            } else {
                changes = state.execute(verified, block: BlockEnvironment(height: block.header.height,
                                                                          timestampMilliseconds: block.header.timestampMilliseconds))
            }
            try validator.checkExecution(block, changes)
            try persist(block, verified: verified, changes: changes)
            lock.withLock { _ in
                state.apply(changes)
                headHeader = block.header
            }
            return (changes.receipts, verified)
        }
    }

    /// Writes one block and its effects in one SQLite transaction. Call with `writer` held.
    private func persist(_ block: Block, verified: [VerifiedTransaction], changes: StateChanges) throws {
        let algorithm = genesis.hashAlgorithm
        let staged = recent.withLock { ($0.nextSeq, $0.count, $0.slice) }
        // A round of moves starts once `indexBatchRows` have gathered and, once started, runs
        // through every hash range.
        let moving: Range<Int>? = staged.2 > 0 || staged.1 + verified.count >= indexBatchRows
            ? Self.sliceBounds(staged.2, of: indexSlices) : nil
        let moved = try database.transaction { db -> Int in
            try db.run("INSERT INTO blocks (height, hash, data) VALUES (?, ?, ?)",
                       [.integer(Int64(bitPattern: block.header.height)), .blob(block.hash(algorithm)), .blob(block.encoded())])
            var seq = staged.0
            for (position, tx) in verified.enumerated() {
                try db.run("INSERT INTO transactions_recent (seq, hash, height, position, receipt) VALUES (?, ?, ?, ?, ?)",
                           [.integer(seq), .blob(tx.hash), .integer(Int64(bitPattern: block.header.height)),
                            .integer(Int64(position)), .blob(changes.receipts[position].encoded())])
                seq += 1
            }
            var moved = 0
            if let moving {
                // Sorted by hash, each page of the index is written once; by seq within a hash,
                // so the first inclusion wins over a repeated one. The range is of first bytes:
                // a blob compares bytewise, a shorter prefix first.
                var range: [SQLiteValue] = [.blob([UInt8(moving.lowerBound)])]
                var condition = "hash >= ?"
                if moving.upperBound < 256 {
                    condition += " AND hash < ?"
                    range.append(.blob([UInt8(moving.upperBound)]))
                }
                try db.run("""
                    INSERT OR IGNORE INTO transactions (hash, height, position, receipt)
                    SELECT hash, height, position, receipt FROM transactions_recent WHERE \(condition) ORDER BY hash, seq
                    """, range)
                moved = try db.run("DELETE FROM transactions_recent WHERE \(condition)", range).changes
            }
            try writeState(changes.writes, db)
            try db.run("UPDATE ledger_meta SET value = ? WHERE name = 'head'", [.blob(block.header.encoded())])
            return moved
        }
        recent.withLock { index in
            index.nextSeq = staged.0 + Int64(verified.count)
            var seq = staged.0
            for tx in verified {
                let key = DigestKey(tx.hash)
                if index.rows[key] == nil { index.rows[key] = seq }
                seq += 1
            }
            index.count += verified.count
            guard let moving else { return }
            index.rows = index.rows.filter { !moving.contains(Int($0.key.bytes.first ?? 0)) }
            index.count -= moved
            index.slice = (staged.2 + 1) % indexSlices
            index.moves += 1
        }
    }

    func writeState(_ writes: [([UInt8], [UInt8]?)], _ db: SQLiteDatabase) throws {
        for (key, value) in writes {
            if let value {
                try db.run("INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           [.blob(key), .blob(value)])
            } else {
                try db.run("DELETE FROM state WHERE key = ?", [.blob(key)])
            }
        }
    }
}
