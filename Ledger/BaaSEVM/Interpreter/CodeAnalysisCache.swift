import Synchronization

/// Jump-destination analyses by code hash, so a contract called many times is scanned once.
///
/// Thread-safe; bounded (the whole cache is dropped when it reaches `capacity` entries).
public final class CodeAnalysisCache: Sendable {
    private let entries = Mutex<[UInt256: JumpDestinations]>([:])
    private let capacity: Int

    /// A cache holding at most `capacity` analyses.
    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The cache shared by executors that were not given their own.
    public static let shared = CodeAnalysisCache()

    func jumpDestinations(code: [UInt8], hash: UInt256) -> JumpDestinations {
        if let found = entries.withLock({ $0[hash] }) { return found }
        let analysis = JumpDestinations(code: code)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[hash] = analysis
        }
        return analysis
    }
}
