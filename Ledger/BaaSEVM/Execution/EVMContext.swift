/// The block and transaction environment that `COINBASE`, `NUMBER`, `ORIGIN`, … read.
public struct EVMContext: Sendable {
    public var origin: EVMAddress
    public var gasPrice: UInt256
    public var coinbase: EVMAddress
    public var number: UInt64
    public var timestamp: UInt64
    public var gasLimit: UInt64
    /// `DIFFICULTY` before the merge, `PREVRANDAO` after; a permissioned chain may put any value.
    public var prevRandao: UInt256
    public var chainID: UInt256
    public var baseFee: UInt256

    /// An environment; unspecified fields are zero (chain ID 1, block gas limit 30 million).
    public init(origin: EVMAddress = .zero, gasPrice: UInt256 = .zero, coinbase: EVMAddress = .zero,
                number: UInt64 = 0, timestamp: UInt64 = 0, gasLimit: UInt64 = 30_000_000,
                prevRandao: UInt256 = .zero, chainID: UInt256 = .one, baseFee: UInt256 = .zero) {
        self.origin = origin
        self.gasPrice = gasPrice
        self.coinbase = coinbase
        self.number = number
        self.timestamp = timestamp
        self.gasLimit = gasLimit
        self.prevRandao = prevRandao
        self.chainID = chainID
        self.baseFee = baseFee
    }
}
