/// An EVM log (`LOG0`…`LOG4`) as a receipt keeps it: the emitting contract, up to four 32-byte
/// topics (the first is usually the event's signature hash) and the data.
public struct ContractLog: Sendable, Hashable {
    public var address: Address
    public var topics: [[UInt8]]
    public var data: [UInt8]

    /// A log; `topics` holds at most four 32-byte words.
    public init(address: Address, topics: [[UInt8]], data: [UInt8]) {
        self.address = address
        self.topics = topics
        self.data = data
    }
}
