/// The fork rules one run follows: which opcodes exist, what they cost, and the semantic switches
/// (access lists, net storage metering, size limits). Chosen per run: the ledger uses `.shanghai`,
/// the legacy Ethereum VM test vectors need `.legacyVMTests`.
public struct EVMRules: Sendable {
    /// The Ethereum hard forks whose instruction sets this interpreter knows.
    public enum Revision: Int, Comparable, Sendable {
        case frontier, homestead, tangerineWhistle, spuriousDragon, byzantium, constantinople,
             petersburg, istanbul, berlin, london, paris, shanghai

        public static func < (a: Revision, b: Revision) -> Bool { a.rawValue < b.rawValue }
    }

    /// Static prices that changed between forks.
    public struct Costs: Sendable {
        public var sload: Int64
        public var balance: Int64
        public var extcode: Int64
        public var extcodeHash: Int64
        public var call: Int64
        public var expByte: Int64
        public var selfDestruct: Int64
        /// Extra cost of `SELFDESTRUCT` to an account that does not exist (EIP-150).
        public var selfDestructNewAccount: Int64
        public var sstoreSet: Int64
        public var sstoreReset: Int64
        public var sstoreClearRefund: Int64
        public var selfDestructRefund: Int64
        /// EIP-2929 prices; used only when `accessLists` is on.
        public var warmAccess: Int64
        public var coldAccount: Int64
        public var coldSload: Int64
    }

    public let name: String
    public let revision: Revision
    public let costs: Costs
    /// EIP-2929 warm/cold accounting (Berlin).
    public let accessLists: Bool
    /// EIP-2200 net gas metering for `SSTORE` (Istanbul).
    public let netStorageMetering: Bool
    /// EIP-150: a call gets at most all but one 64th of the remaining gas.
    public let allButOneSixtyFourth: Bool
    /// EIP-161: only non-empty accounts count as existing; new contracts start with nonce 1.
    public let emptyAccountCleanup: Bool
    /// EIP-170 deployed code limit.
    public let maxCodeSize: Int?
    /// EIP-3860 init code limit (and 2 gas per word of init code).
    public let maxInitCodeSize: Int?
    /// EIP-3541: deployed code may not start with 0xEF.
    public let rejectsEFCode: Bool
    /// EIP-3651: the coinbase starts warm.
    public let warmCoinbase: Bool
    /// The refund cap divisor: gas used / 2 before London, / 5 after (EIP-3529).
    public let refundQuotient: Int64

    let instructions: InstructionTable

    /// Custom rules; most callers want `.shanghai` or `.legacyVMTests`.
    public init(name: String, revision: Revision, costs: Costs, accessLists: Bool, netStorageMetering: Bool,
                allButOneSixtyFourth: Bool, emptyAccountCleanup: Bool, maxCodeSize: Int?, maxInitCodeSize: Int?,
                rejectsEFCode: Bool, warmCoinbase: Bool, refundQuotient: Int64) {
        self.name = name
        self.revision = revision
        self.costs = costs
        self.accessLists = accessLists
        self.netStorageMetering = netStorageMetering
        self.allButOneSixtyFourth = allButOneSixtyFourth
        self.emptyAccountCleanup = emptyAccountCleanup
        self.maxCodeSize = maxCodeSize
        self.maxInitCodeSize = maxInitCodeSize
        self.rejectsEFCode = rejectsEFCode
        self.warmCoinbase = warmCoinbase
        self.refundQuotient = refundQuotient
        self.instructions = InstructionTable(revision: revision, costs: costs, accessLists: accessLists)
    }

    /// Shanghai (no blob opcodes): PUSH0, access lists, EIP-3529 refunds, EIP-3860 init code limits.
    /// `ecrecover` is not among the precompiles (see `Precompiles`).
    public static let shanghai = EVMRules(
        name: "Shanghai", revision: .shanghai,
        costs: Costs(sload: 0, balance: 0, extcode: 0, extcodeHash: 0, call: 0, expByte: 50,
                     selfDestruct: 5000, selfDestructNewAccount: 25000, sstoreSet: 20000, sstoreReset: 2900,
                     sstoreClearRefund: 4800, selfDestructRefund: 0,
                     warmAccess: 100, coldAccount: 2600, coldSload: 2100),
        accessLists: true, netStorageMetering: true, allButOneSixtyFourth: true, emptyAccountCleanup: true,
        maxCodeSize: 24576, maxInitCodeSize: 49152, rejectsEFCode: true, warmCoinbase: true, refundQuotient: 5)

    /// What the legacy `VMTests` vectors were filled with: the Constantinople instruction set priced
    /// by testeth's default (Frontier) schedule — `SLOAD` 50, `BALANCE` 20, `EXP` 10 per byte,
    /// `SELFDESTRUCT` 0 — which the vectors' gas figures confirm (e.g. `TestNameRegistrator`).
    public static let legacyVMTests = EVMRules(
        name: "Constantinople (VMTests)", revision: .constantinople,
        costs: Costs(sload: 50, balance: 20, extcode: 20, extcodeHash: 400, call: 40, expByte: 10,
                     selfDestruct: 0, selfDestructNewAccount: 0, sstoreSet: 20000, sstoreReset: 5000,
                     sstoreClearRefund: 15000, selfDestructRefund: 24000,
                     warmAccess: 0, coldAccount: 0, coldSload: 0),
        accessLists: false, netStorageMetering: false, allButOneSixtyFourth: false, emptyAccountCleanup: false,
        maxCodeSize: nil, maxInitCodeSize: nil, rejectsEFCode: false, warmCoinbase: false, refundQuotient: 2)
}
