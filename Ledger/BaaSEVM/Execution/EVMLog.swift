/// A log record emitted by `LOG0`…`LOG4`.
public struct EVMLog: Equatable, Sendable {
    public var address: EVMAddress
    public var topics: [UInt256]
    public var data: [UInt8]

    /// A log by `address` with up to four topics.
    public init(address: EVMAddress, topics: [UInt256], data: [UInt8]) {
        self.address = address
        self.topics = topics
        self.data = data
    }

    /// The log as receipts encode it: rlp([address, [topics…], data]).
    public var rlp: RLP {
        .list([.bytes(address.bytes), .list(topics.map { .bytes($0.bigEndianBytes) }), .bytes(data)])
    }

    /// Keccak-256 of the RLP list of `logs` (the `logs` field of the Ethereum VM test vectors).
    public static func hash(of logs: [EVMLog]) -> UInt256 {
        Keccak256.hashWord(RLP.list(logs.map(\.rlp)).encoded)
    }
}
