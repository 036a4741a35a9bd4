import Dispatch
import Synchronization

/// Lets API requests wait until a transaction commits on this node (`?wait=commit`), and times
/// admission-to-commit latency for the metrics.
///
/// `wait` suspends without holding a thread; `committed` resumes the waiters of a block's
/// transactions. Thread-safe.
final class CommitWaiters: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var waiters: [[UInt8]: [Waiter]] = [:]
        var nextID: UInt64 = 0
        var admitted: [[UInt8]: UInt64] = [:]
    }

    private let state = Mutex(State())

    /// Remembers when a transaction was admitted here (bounded: oldest dropped past 200k).
    func admitted(_ hash: [UInt8]) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            if state.admitted.count > 200_000 { state.admitted.removeAll(keepingCapacity: true) }
            state.admitted[hash] = now
        }
    }

    /// Suspends until `hash` commits (true) or `timeout` passes (false). `isCommitted` is checked
    /// after registering so a commit between the caller's check and the wait is not missed.
    func wait(for hash: [UInt8], timeout: Duration, isCommitted: @escaping @Sendable () -> Bool) async -> Bool {
        let id = state.withLock { state -> UInt64 in state.nextID += 1; return state.nextID }
        return await withCheckedContinuation { continuation in
            state.withLock { $0.waiters[hash, default: []].append(Waiter(id: id, continuation: continuation)) }
            if isCommitted() {
                resume(hash, id: id, result: true)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                self.resume(hash, id: id, result: false)
            }
        }
    }

    /// Resumes the waiters of `hashes` with success; returns the admission-to-commit latencies
    /// (seconds) of those admitted here.
    func committed(_ hashes: [[UInt8]]) -> [Double] {
        let now = DispatchTime.now().uptimeNanoseconds
        let (resumed, latencies) = state.withLock { state -> ([Waiter], [Double]) in
            var resumed: [Waiter] = []
            var latencies: [Double] = []
            for hash in hashes {
                if let list = state.waiters.removeValue(forKey: hash) { resumed += list }
                if let start = state.admitted.removeValue(forKey: hash) { latencies.append(Double(now - start) / 1e9) }
            }
            return (resumed, latencies)
        }
        resumed.forEach { $0.continuation.resume(returning: true) }
        return latencies
    }

    private func resume(_ hash: [UInt8], id: UInt64, result: Bool) {
        let waiter = state.withLock { state -> Waiter? in
            guard var list = state.waiters[hash], let index = list.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = list.remove(at: index)
            state.waiters[hash] = list.isEmpty ? nil : list
            return waiter
        }
        waiter?.continuation.resume(returning: result)
    }
}
