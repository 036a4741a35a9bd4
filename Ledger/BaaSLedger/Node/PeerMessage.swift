import BaaSRaft

/// What nodes say to each other over P2P: Raft messages, and transactions a node admitted from
/// its clients (gossiped so every node's pool holds them and a new leader loses none).
///
/// Encoding: one kind byte, then a `RaftMessage` encoding or a count and length-prefixed
/// transactions. Decoding throws `ledger.malformed` (or `raft.malformed`) and never traps.
enum PeerMessage: Sendable, Equatable {
    case raft(RaftMessage)
    case transactions([[UInt8]])

    func encoded() -> [UInt8] {
        switch self {
        case .raft(let message):
            return [1] + message.encoded()
        case .transactions(let transactions):
            var w = BinaryWriter(capacity: 8 + transactions.reduce(0) { $0 + $1.count + 3 })
            w.u8(2)
            w.varint(UInt64(transactions.count))
            transactions.forEach { w.byteString($0) }
            return w.bytes
        }
    }

    init(decoding bytes: [UInt8]) throws {
        guard let kind = bytes.first else { throw LedgerError.malformed("empty peer message") }
        switch kind {
        case 1:
            self = .raft(try RaftMessage(decoding: Array(bytes.dropFirst())))
        case 2:
            var r = BinaryReader(bytes)
            _ = try r.u8()
            let count = try r.length(limit: 100_000, minimumSize: 1)
            var transactions: [[UInt8]] = []
            transactions.reserveCapacity(count)
            for _ in 0..<count { transactions.append(try r.byteString()) }
            try r.finish()
            self = .transactions(transactions)
        default:
            throw LedgerError.malformed("peer message kind \(kind)")
        }
    }
}
