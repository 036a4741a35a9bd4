import BaaSCrypto

/// The ledger's current state in memory: accounts (balances, nonces), notarised key/values,
/// members, admins, parameters and known sender certificates, with its state root.
///
/// Executing a block is deterministic: the same state and the same transactions give the same
/// receipts and root on every node. `execute` does not change the state (a proposer can try a
/// block and drop it); `apply` makes its result current.
///
/// - Note: Not thread-safe. `LedgerStore` owns one and serialises access.
public final class LedgerState {
    public let hashAlgorithm: DigestAlgorithm
    private(set) var entries: [[UInt8]: [UInt8]]
    private var bucketKeys: [Set<[UInt8]>]
    private var bucketDigests: [[UInt8]]
    /// The current state root.
    public private(set) var root: [UInt8]
    /// Chain parameters in force (cached decoding of the parameters entry).
    public private(set) var parameters: ChainParameters
    /// Members in force, sorted by node id.
    public private(set) var members: [Member]

    /// A state holding exactly `entries` (encoded keys and values), e.g. loaded from disk.
    ///
    /// - Throws: `ledger.malformed` when the parameters or members entries cannot be decoded.
    init(hashAlgorithm: DigestAlgorithm, entries: [[UInt8]: [UInt8]]) throws {
        self.hashAlgorithm = hashAlgorithm
        self.entries = entries
        var keys = [Set<[UInt8]>](repeating: [], count: StateRoot.bucketCount)
        for key in entries.keys { keys[StateRoot.bucket(of: key)].insert(key) }
        bucketKeys = keys
        bucketDigests = keys.map { set in
            StateRoot.bucketDigest(set.map { ($0, entries[$0]!) }, algorithm: hashAlgorithm)
        }
        root = StateRoot.root(bucketDigests, algorithm: hashAlgorithm)
        parameters = try entries[StateKey.parameters].map(LedgerState.decodeParameters) ?? ChainParameters()
        members = try entries[StateKey.members].map(LedgerState.decodeMembers) ?? []
    }

    /// The state a network starts from.
    public convenience init(genesis: Genesis) {
        var entries: [[UInt8]: [UInt8]] = [:]
        entries[StateKey.parameters] = LedgerState.encodeParameters(genesis.parameters)
        entries[StateKey.members] = LedgerState.encodeMembers(genesis.members)
        entries[StateKey.admins] = LedgerState.encodeAdmins(genesis.admins)
        entries[StateKey.networkCA] = genesis.networkCA
        for allocation in genesis.allocations where allocation.amount > 0 {
            entries[StateKey.account(allocation.address)] = Account(balance: allocation.amount).encoded()
        }
        // Genesis content was validated and encoded by this module, so decoding cannot fail.
        try! self.init(hashAlgorithm: genesis.hashAlgorithm, entries: entries)
    }

    // MARK: - Reads

    /// The account of `address` (an empty one if it never received anything).
    public func account(_ address: Address) -> Account {
        entries[StateKey.account(address)].flatMap { try? Account(decoding: $0) } ?? Account()
    }

    /// The notarised value under `key` and the address that first wrote it.
    public func value(forKey key: [UInt8]) -> (owner: Address, value: [UInt8])? {
        entries[StateKey.kv(key)].flatMap(LedgerState.decodeKV)
    }

    /// Addresses allowed to change membership and parameters.
    public var admins: [Address] {
        entries[StateKey.admins].flatMap { try? LedgerState.decodeAdmins($0) } ?? []
    }

    /// The sender certificate recorded under `fingerprint`.
    public func certificate(fingerprint: [UInt8]) -> [UInt8]? {
        entries[StateKey.certificate(fingerprint)]
    }

    /// The number of state entries.
    public var entryCount: Int { entries.count }

    // MARK: - Execution

    /// Executes `transactions` in order on top of this state without changing it; `block` is what
    /// contract code sees of the block they go into.
    public func execute(_ transactions: [VerifiedTransaction], block: BlockEnvironment = BlockEnvironment()) -> StateChanges {
        var execution = BlockExecution(state: self, environment: block)
        let receipts = transactions.map { execution.run($0) }
        let writes = execution.writes.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }
        var touched: [Int: [([UInt8], [UInt8]?)]] = [:]
        for write in writes { touched[StateRoot.bucket(of: write.0), default: []].append(write) }
        var newDigests: [Int: [UInt8]] = [:]
        var digests = bucketDigests
        for (bucket, changes) in touched {
            var contents: [[UInt8]: [UInt8]] = [:]
            for key in bucketKeys[bucket] { contents[key] = entries[key] }
            for (key, value) in changes { contents[key] = value }
            let digest = StateRoot.bucketDigest(contents.map { ($0.key, $0.value) }, algorithm: hashAlgorithm)
            newDigests[bucket] = digest
            digests[bucket] = digest
        }
        let receiptsRoot = MerkleTree.root(receipts.map { Digest.hash($0.encoded(), algorithm: hashAlgorithm) },
                                           algorithm: hashAlgorithm)
        return StateChanges(receipts: receipts, stateRoot: StateRoot.root(digests, algorithm: hashAlgorithm),
                            receiptsRoot: receiptsRoot, baseRoot: root, writes: writes, bucketDigests: newDigests,
                            parameters: execution.parameters, members: execution.members)
    }

    /// Makes `changes` current.
    ///
    /// - Precondition: `changes` was computed from this state as it is now.
    public func apply(_ changes: StateChanges) {
        precondition(changes.baseRoot == root, "state changes applied to a state they were not computed from")
        for (key, value) in changes.writes {
            let bucket = StateRoot.bucket(of: key)
            if let value {
                entries[key] = value
                bucketKeys[bucket].insert(key)
            } else {
                entries[key] = nil
                bucketKeys[bucket].remove(key)
            }
        }
        for (bucket, digest) in changes.bucketDigests { bucketDigests[bucket] = digest }
        root = changes.stateRoot
        parameters = changes.parameters
        members = changes.members
    }

    // MARK: - Entry encodings

    static func encodeParameters(_ parameters: ChainParameters) -> [UInt8] {
        var w = BinaryWriter()
        parameters.encode(to: &w)
        return w.bytes
    }

    static func decodeParameters(_ bytes: [UInt8]) throws -> ChainParameters {
        var r = BinaryReader(bytes)
        let parameters = try ChainParameters(from: &r)
        try r.finish()
        return parameters
    }

    static func encodeMembers(_ members: [Member]) -> [UInt8] {
        var w = BinaryWriter(capacity: 1024)
        let sorted = members.sorted { $0.nodeID < $1.nodeID }
        w.varint(UInt64(sorted.count))
        sorted.forEach { $0.encode(to: &w) }
        return w.bytes
    }

    static func decodeMembers(_ bytes: [UInt8]) throws -> [Member] {
        var r = BinaryReader(bytes)
        var members: [Member] = []
        for _ in 0..<(try r.length(limit: 100_000, minimumSize: 3)) { members.append(try Member(from: &r)) }
        try r.finish()
        return members
    }

    static func encodeAdmins(_ admins: [Address]) -> [UInt8] {
        var w = BinaryWriter()
        w.varint(UInt64(admins.count))
        admins.sorted().forEach { w.fixed($0.bytes) }
        return w.bytes
    }

    static func decodeAdmins(_ bytes: [UInt8]) throws -> [Address] {
        var r = BinaryReader(bytes)
        var admins: [Address] = []
        for _ in 0..<(try r.length(limit: 100_000, minimumSize: 20)) { admins.append(Address(bytes: try r.fixed(20))!) }
        try r.finish()
        return admins
    }

    static func encodeKV(owner: Address, value: [UInt8]) -> [UInt8] {
        owner.bytes + value
    }

    static func decodeKV(_ bytes: [UInt8]) -> (owner: Address, value: [UInt8])? {
        guard bytes.count >= 20 else { return nil }
        return (Address(bytes: Array(bytes[0..<20]))!, Array(bytes[20...]))
    }
}
