/// The limits and consensus timings of a network: set by genesis, changed later by a network
/// admin's parameter-change transaction.
public struct ChainParameters: Sendable, Hashable, Codable {
    /// The parameters a parameter-change transaction can set, by their genesis names.
    public enum Name: String, Sendable, Hashable, CaseIterable, Codable, CodingKey {
        case maxTransactionsPerBlock
        case maxBlockBytes
        case blockIntervalMilliseconds
        case maxTransactionBytes
        case tickMilliseconds
        case electionTicks
        case heartbeatTicks
        case maxTransactionGas
        case maxBlockGas

        var tag: UInt8 { UInt8(Name.allCases.firstIndex(of: self)! + 1) }

        init(tag: UInt8) throws {
            guard tag >= 1, Int(tag) <= Name.allCases.count else { throw LedgerError.malformed("parameter \(tag)") }
            self = Name.allCases[Int(tag) - 1]
        }
    }

    /// Most transactions in one block.
    public var maxTransactionsPerBlock: UInt64
    /// Most bytes of transactions in one block.
    public var maxBlockBytes: UInt64
    /// How often a leader cuts a block when transactions wait.
    public var blockIntervalMilliseconds: UInt64
    /// The largest encoded transaction a node admits.
    public var maxTransactionBytes: UInt64
    /// One Raft tick.
    public var tickMilliseconds: UInt64
    /// Ticks without a leader before an election.
    public var electionTicks: UInt64
    /// Ticks between a leader's heartbeats.
    public var heartbeatTicks: UInt64
    /// The largest gas limit a contract transaction may name.
    public var maxTransactionGas: UInt64
    /// Most gas the contract transactions of one block may use together. As on Ethereum, a
    /// transaction whose gas limit exceeds what the block has left fails with
    /// `contract.block_gas_exhausted` (its nonce is consumed; the proposer should leave it for a later block).
    public var maxBlockGas: UInt64

    public init(maxTransactionsPerBlock: UInt64 = 5_000, maxBlockBytes: UInt64 = 8 << 20,
                blockIntervalMilliseconds: UInt64 = 200, maxTransactionBytes: UInt64 = 64 << 10,
                tickMilliseconds: UInt64 = 100, electionTicks: UInt64 = 10, heartbeatTicks: UInt64 = 1,
                maxTransactionGas: UInt64 = 30_000_000, maxBlockGas: UInt64 = 2_000_000_000) {
        self.maxTransactionsPerBlock = maxTransactionsPerBlock
        self.maxBlockBytes = maxBlockBytes
        self.blockIntervalMilliseconds = blockIntervalMilliseconds
        self.maxTransactionBytes = maxTransactionBytes
        self.tickMilliseconds = tickMilliseconds
        self.electionTicks = electionTicks
        self.heartbeatTicks = heartbeatTicks
        self.maxTransactionGas = maxTransactionGas
        self.maxBlockGas = maxBlockGas
    }

    /// Reads the JSON form; a missing field takes its default, so a genesis file names only what
    /// it changes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        self.init()
        for name in Name.allCases {
            if let value = try container.decodeIfPresent(UInt64.self, forKey: name) { self[name] = value }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for name in Name.allCases { try container.encode(self[name], forKey: name) }
    }

    /// The value of `name`.
    public subscript(name: Name) -> UInt64 {
        get {
            switch name {
            case .maxTransactionsPerBlock: maxTransactionsPerBlock
            case .maxBlockBytes: maxBlockBytes
            case .blockIntervalMilliseconds: blockIntervalMilliseconds
            case .maxTransactionBytes: maxTransactionBytes
            case .tickMilliseconds: tickMilliseconds
            case .electionTicks: electionTicks
            case .heartbeatTicks: heartbeatTicks
            case .maxTransactionGas: maxTransactionGas
            case .maxBlockGas: maxBlockGas
            }
        }
        set {
            switch name {
            case .maxTransactionsPerBlock: maxTransactionsPerBlock = newValue
            case .maxBlockBytes: maxBlockBytes = newValue
            case .blockIntervalMilliseconds: blockIntervalMilliseconds = newValue
            case .maxTransactionBytes: maxTransactionBytes = newValue
            case .tickMilliseconds: tickMilliseconds = newValue
            case .electionTicks: electionTicks = newValue
            case .heartbeatTicks: heartbeatTicks = newValue
            case .maxTransactionGas: maxTransactionGas = newValue
            case .maxBlockGas: maxBlockGas = newValue
            }
        }
    }

    /// Why `value` is not acceptable for `name`, or nil when it is.
    public static func problem(setting name: Name, to value: UInt64) -> String? {
        switch name {
        case .maxTransactionsPerBlock where value < 1 || value > 100_000:
            return "maxTransactionsPerBlock must be 1…100000"
        case .maxBlockBytes where value < 1024 || value > 256 << 20:
            return "maxBlockBytes must be 1 KiB…256 MiB"
        case .blockIntervalMilliseconds where value < 1 || value > 600_000:
            return "blockIntervalMilliseconds must be 1…600000"
        case .maxTransactionBytes where value < 256 || value > 16 << 20:
            return "maxTransactionBytes must be 256 B…16 MiB"
        case .tickMilliseconds where value < 1 || value > 60_000:
            return "tickMilliseconds must be 1…60000"
        case .electionTicks where value < 2 || value > 1_000:
            return "electionTicks must be 2…1000"
        case .heartbeatTicks where value < 1 || value > 1_000:
            return "heartbeatTicks must be 1…1000"
        case .maxTransactionGas where value < 21_000 || value > 1 << 40:
            return "maxTransactionGas must be 21000…2^40"
        case .maxBlockGas where value < 21_000 || value > 1 << 50:
            return "maxBlockGas must be 21000…2^50"
        default:
            return nil
        }
    }

    /// Every problem of this set of values (each field alone, then how they relate).
    public func problems() -> [String] {
        var found = Name.allCases.compactMap { Self.problem(setting: $0, to: self[$0]) }
        if heartbeatTicks >= electionTicks { found.append("heartbeatTicks must be below electionTicks") }
        if maxTransactionBytes > maxBlockBytes { found.append("maxTransactionBytes must not exceed maxBlockBytes") }
        if maxTransactionGas > maxBlockGas { found.append("maxTransactionGas must not exceed maxBlockGas") }
        return found
    }

    func encode(to w: inout BinaryWriter) {
        for name in Name.allCases { w.varint(self[name]) }
    }

    init(from r: inout BinaryReader) throws {
        self.init()
        for name in Name.allCases { self[name] = try r.varint() }
    }
}
