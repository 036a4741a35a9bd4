/// What a node does in consensus: a validator votes and may propose blocks; an observer
/// replicates and serves queries but never votes.
public enum NodeRole: String, Sendable, Hashable, Codable, CaseIterable {
    case validator
    case observer

    var tag: UInt8 { self == .validator ? 1 : 2 }

    init(tag: UInt8) throws {
        switch tag {
        case 1: self = .validator
        case 2: self = .observer
        default: throw LedgerError.malformed("node role \(tag)")
        }
    }
}
