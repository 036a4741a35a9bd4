/// The accounts a transaction sees: an in-memory cache over an optional `StateBackend`, with a
/// journal so that a reverted or failed message leaves state exactly as it was (`snapshot()` /
/// `revert(to:)`). It also holds what lives for one transaction: logs, the EIP-2929 warm sets and
/// the accounts that self-destructed.
///
/// Not thread-safe: one transaction at a time on one thread. After a block (or a transaction),
/// `takeChanges()` lists what to persist. The cache only grows, so use one state per block (or
/// batch of blocks) rather than one for the node's lifetime.
public final class WorldState {
    final class Account {
        var exists: Bool
        var balance: UInt256
        var nonce: UInt64
        var code: [UInt8]
        var codeHash: UInt256?
        var storage: [UInt256: UInt256] = [:]
        /// Values at the start of the current transaction of the slots written in it (EIP-2200's
        /// "original"); a slot not listed still has its original value.
        var original: [UInt256: UInt256] = [:]
        /// Set when the account was (re)created here: slots not in `storage` are zero, not the backend's.
        var storageCleared = false
        /// Whether `changes()` must report the storage as cleared (reset by `takeChanges()`).
        var clearReported = false
        var writtenKeys: Set<UInt256> = []

        init(exists: Bool, account: EVMAccount) {
            self.exists = exists
            self.balance = account.balance
            self.nonce = account.nonce
            self.code = account.code
        }
    }

    struct SlotKey: Hashable {
        var address: EVMAddress
        var key: UInt256
    }

    enum JournalEntry {
        case balance(EVMAddress, UInt256)
        case nonce(EVMAddress, UInt64)
        case code(EVMAddress, [UInt8], UInt256?)
        case storage(EVMAddress, UInt256, UInt256)
        case existence(EVMAddress)
        case replaced(EVMAddress, Account)
        case selfDestructed(EVMAddress)
        case log
        case warmAccount(EVMAddress)
        case warmSlot(SlotKey)
    }

    private let backend: (any StateBackend)?
    private var accounts: [EVMAddress: Account] = [:]
    private var journal: [JournalEntry] = []
    private var dirty: Set<EVMAddress> = []
    private var recordedOriginals: Set<EVMAddress> = []
    /// Accounts written in this transaction, even by messages that were reverted (for EIP-161).
    private var touched: Set<EVMAddress> = []
    private var warmAccounts: Set<EVMAddress> = []
    private var warmSlots: Set<SlotKey> = []
    /// Accounts that ran `SELFDESTRUCT` in this transaction; deleted by `endTransaction()`.
    public private(set) var selfDestructed: Set<EVMAddress> = []
    /// Logs emitted in this transaction by messages that did not revert.
    public private(set) var logs: [EVMLog] = []

    /// A state over `backend` (nil: everything starts empty).
    public init(backend: (any StateBackend)? = nil) {
        self.backend = backend
    }

    private func load(_ address: EVMAddress) -> Account {
        if let account = accounts[address] { return account }
        let stored = backend?.account(address)
        let account = Account(exists: stored != nil, account: stored ?? EVMAccount())
        accounts[address] = account
        return account
    }

    /// Makes the account exist (journaled) before a write.
    private func writable(_ address: EVMAddress) -> Account {
        let account = load(address)
        if !account.exists {
            account.exists = true
            journal.append(.existence(address))
        }
        dirty.insert(address)
        touched.insert(address)
        return account
    }

    // MARK: Reading

    /// True if the account exists (even if empty).
    public func exists(_ address: EVMAddress) -> Bool { load(address).exists }

    /// True if the account does not exist or is EIP-161 empty.
    public func isEmpty(_ address: EVMAddress) -> Bool {
        let account = load(address)
        return !account.exists || (account.balance.isZero && account.nonce == 0 && account.code.isEmpty)
    }

    /// The balance (zero for an account that does not exist).
    public func balance(_ address: EVMAddress) -> UInt256 { load(address).balance }
    /// The nonce (zero for an account that does not exist).
    public func nonce(_ address: EVMAddress) -> UInt64 { load(address).nonce }
    /// The code (empty for an account without code).
    public func code(_ address: EVMAddress) -> [UInt8] { load(address).code }

    /// Keccak-256 of the code; zero for an account that does not exist (`EXTCODEHASH`).
    public func codeHash(_ address: EVMAddress) -> UInt256 {
        let account = load(address)
        guard account.exists else { return .zero }
        if let hash = account.codeHash { return hash }
        let hash = Keccak256.hashWord(account.code)
        account.codeHash = hash
        return hash
    }

    /// The account as it stands, or nil if it does not exist.
    public func account(_ address: EVMAddress) -> EVMAccount? {
        let account = load(address)
        return account.exists ? EVMAccount(balance: account.balance, nonce: account.nonce, code: account.code) : nil
    }

    /// The current value of a storage slot.
    public func storage(_ address: EVMAddress, key: UInt256) -> UInt256 {
        let account = load(address)
        if let value = account.storage[key] { return value }
        let value = account.storageCleared ? .zero : (backend?.storage(address, key: key) ?? .zero)
        account.storage[key] = value
        return value
    }

    /// The slot's value when the current transaction started.
    public func originalStorage(_ address: EVMAddress, key: UInt256) -> UInt256 {
        load(address).original[key] ?? storage(address, key: key)
    }

    // MARK: Writing (journaled)

    /// Sets the balance, creating the account if needed.
    public func setBalance(_ address: EVMAddress, _ balance: UInt256) {
        let account = writable(address)
        journal.append(.balance(address, account.balance))
        account.balance = balance
    }

    /// Moves `value` between accounts; false (and no change) if `from` cannot pay.
    @discardableResult
    public func transfer(from: EVMAddress, to: EVMAddress, value: UInt256) -> Bool {
        let fromBalance = balance(from)
        guard fromBalance >= value else { return false }
        if value.isZero {
            _ = writable(to)
            return true
        }
        setBalance(from, fromBalance &- value)
        setBalance(to, balance(to) &+ value)
        return true
    }

    /// Sets the nonce, creating the account if needed.
    public func setNonce(_ address: EVMAddress, _ nonce: UInt64) {
        let account = writable(address)
        journal.append(.nonce(address, account.nonce))
        account.nonce = nonce
    }

    /// Sets the code, creating the account if needed.
    public func setCode(_ address: EVMAddress, _ code: [UInt8]) {
        let account = writable(address)
        journal.append(.code(address, account.code, account.codeHash))
        account.code = code
        account.codeHash = nil
    }

    /// Writes a storage slot, creating the account if needed.
    public func setStorage(_ address: EVMAddress, key: UInt256, value: UInt256) {
        let old = storage(address, key: key)
        let account = writable(address)
        journal.append(.storage(address, key, old))
        if account.original[key] == nil {
            account.original[key] = old
            recordedOriginals.insert(address)
        }
        account.storage[key] = value
        account.writtenKeys.insert(key)
    }

    /// Starts a contract at `address`: keeps its balance, clears storage and code, sets the nonce
    /// (1 under EIP-161).
    public func createAccount(_ address: EVMAddress, nonce: UInt64) {
        let previous = load(address)
        let fresh = Account(exists: true, account: EVMAccount(balance: previous.balance, nonce: nonce))
        fresh.storageCleared = true
        fresh.clearReported = true
        accounts[address] = fresh
        journal.append(.replaced(address, previous))
        dirty.insert(address)
        touched.insert(address)
    }

    /// Records `SELFDESTRUCT`; the account is deleted at `endTransaction()`. Returns false if it
    /// had already self-destructed in this transaction.
    @discardableResult
    public func markSelfDestructed(_ address: EVMAddress) -> Bool {
        guard !selfDestructed.contains(address) else { return false }
        selfDestructed.insert(address)
        journal.append(.selfDestructed(address))
        return true
    }

    /// Appends a log to the transaction's logs (dropped again if its message reverts).
    public func addLog(_ log: EVMLog) {
        logs.append(log)
        journal.append(.log)
    }

    /// Marks an account warm (EIP-2929); returns whether it already was.
    @discardableResult
    public func warmAccount(_ address: EVMAddress) -> Bool {
        if warmAccounts.contains(address) { return true }
        warmAccounts.insert(address)
        journal.append(.warmAccount(address))
        return false
    }

    /// Marks a storage slot warm (EIP-2929); returns whether it already was.
    @discardableResult
    public func warmSlot(_ address: EVMAddress, key: UInt256) -> Bool {
        let slot = SlotKey(address: address, key: key)
        if warmSlots.contains(slot) { return true }
        warmSlots.insert(slot)
        journal.append(.warmSlot(slot))
        return false
    }

    // MARK: Journal

    /// A point to come back to with `revert(to:)`.
    public func snapshot() -> Int { journal.count }

    /// Undoes every change made since `snapshot`.
    public func revert(to snapshot: Int) {
        while journal.count > snapshot {
            switch journal.removeLast() {
            case .balance(let address, let old): accounts[address]?.balance = old
            case .nonce(let address, let old): accounts[address]?.nonce = old
            case .code(let address, let old, let hash):
                accounts[address]?.code = old
                accounts[address]?.codeHash = hash
            case .storage(let address, let key, let old): accounts[address]?.storage[key] = old
            case .existence(let address): accounts[address]?.exists = false
            case .replaced(let address, let previous): accounts[address] = previous
            case .selfDestructed(let address): selfDestructed.remove(address)
            case .log: logs.removeLast()
            case .warmAccount(let address): warmAccounts.remove(address)
            case .warmSlot(let slot): warmSlots.remove(slot)
            }
        }
    }

    // MARK: Transactions

    /// Starts a transaction: forgets the journal, logs and warm sets, and makes current slot values
    /// the "original" ones for net storage metering.
    public func beginTransaction() {
        journal.removeAll(keepingCapacity: true)
        logs.removeAll()
        warmAccounts.removeAll(keepingCapacity: true)
        warmSlots.removeAll(keepingCapacity: true)
        selfDestructed.removeAll()
        touched.removeAll(keepingCapacity: true)
        for address in recordedOriginals { accounts[address]?.original.removeAll() }
        recordedOriginals.removeAll(keepingCapacity: true)
    }

    /// Ends a transaction: deletes self-destructed accounts and, when `deleteEmptyTouched` (EIP-161),
    /// the empty accounts it touched; returns its logs. Changes can no longer be reverted afterwards.
    @discardableResult
    public func endTransaction(deleteEmptyTouched: Bool = true) -> [EVMLog] {
        var deleted = selfDestructed
        if deleteEmptyTouched {
            for address in touched {
                if let account = accounts[address], account.exists, account.balance.isZero,
                   account.nonce == 0, account.code.isEmpty {
                    deleted.insert(address)
                }
            }
        }
        for address in deleted {
            let gone = Account(exists: false, account: EVMAccount())
            gone.storageCleared = true
            gone.clearReported = true
            accounts[address] = gone
            dirty.insert(address)
        }
        let emitted = logs
        beginTransaction()
        return emitted
    }

    /// One account's changes since this state was created.
    public struct AccountChange: Equatable, Sendable {
        public var address: EVMAddress
        /// The account now, or nil if it was deleted (self-destructed) or never came to exist.
        public var account: EVMAccount?
        /// True when every slot not listed in `storage` is now zero (the account was (re)created or deleted).
        public var storageCleared: Bool
        /// Slots written, with their current values (zero means delete).
        public var storage: [UInt256: UInt256]
    }

    /// What to persist, in address order.
    public func changes() -> [AccountChange] {
        dirty.sorted().compactMap { address in
            guard let account = accounts[address] else { return nil }
            var slots: [UInt256: UInt256] = [:]
            for key in account.writtenKeys { slots[key] = account.storage[key] ?? .zero }
            let current = account.exists
                ? EVMAccount(balance: account.balance, nonce: account.nonce, code: account.code) : nil
            return AccountChange(address: address, account: current, storageCleared: account.clearReported,
                                 storage: current == nil ? [:] : slots)
        }
    }

    /// `changes()`, after which tracking starts afresh (the next call lists only later changes).
    /// Call it once the changes are persisted, e.g. when a block commits.
    public func takeChanges() -> [AccountChange] {
        let taken = changes()
        for address in dirty {
            guard let account = accounts[address] else { continue }
            account.writtenKeys.removeAll()
            account.clearReported = false
        }
        dirty.removeAll()
        return taken
    }

    /// Every slot currently cached for `address` (for tests and dumps; not the backend's full storage).
    public func cachedStorage(_ address: EVMAddress) -> [UInt256: UInt256] {
        load(address).storage
    }
}
