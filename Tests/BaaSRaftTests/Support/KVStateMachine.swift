import BaaSRaft

/// A toy key-value state machine. A command is `[key] + value`; the state hash chains every
/// applied command with its index, so two replicas with one hash at one index applied the same
/// history.
struct KVStateMachine: Equatable {
    private(set) var values: [UInt8: [UInt8]] = [:]
    private(set) var appliedIndex: UInt64 = 0
    private(set) var stateHash: UInt64 = 0xcbf2_9ce4_8422_2325

    static func command(key: UInt8, value: [UInt8]) -> [UInt8] { [key] + value }

    mutating func apply(_ entry: RaftEntry) {
        precondition(entry.index == appliedIndex + 1, "applied \(entry.index) after \(appliedIndex)")
        appliedIndex = entry.index
        mix(entry.index)
        mix(UInt64(entry.kind.rawValue))
        entry.data.forEach { mix(UInt64($0)) }
        if entry.kind == .normal, let key = entry.data.first {
            values[key] = Array(entry.data.dropFirst())
        }
    }

    private mutating func mix(_ value: UInt64) {
        stateHash = (stateHash ^ value) &* 0x100_0000_01b3
    }

    /// The state as snapshot bytes.
    func snapshotData() -> [UInt8] {
        var bytes = withUnsafeBytes(of: stateHash.littleEndian, Array.init)
        bytes += withUnsafeBytes(of: appliedIndex.littleEndian, Array.init)
        for key in values.keys.sorted() {
            let value = values[key]!
            bytes.append(key)
            bytes.append(UInt8(value.count))
            bytes += value
        }
        return bytes
    }

    /// The state a snapshot holds; the snapshot is trusted (it comes from `snapshotData()`).
    init(snapshot: [UInt8]) {
        guard snapshot.count >= 16 else { return }
        func word(_ at: Int) -> UInt64 {
            snapshot[at..<at + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        stateHash = word(0)
        appliedIndex = word(8)
        var i = 16
        while i + 2 <= snapshot.count {
            let key = snapshot[i]
            let count = Int(snapshot[i + 1])
            values[key] = Array(snapshot[i + 2..<i + 2 + count])
            i += 2 + count
        }
    }

    init() {}
}
