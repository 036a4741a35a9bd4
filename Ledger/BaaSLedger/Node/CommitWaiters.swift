import Dispatch
import Synchronization

/// Lets API requests wait until a transaction commits on this node (`?wait=commit`), and times
/// admission-to-commit latency for the metrics.
///
/// `wait` suspends without holding a thread; `committed` resumes the waiters of a block's
/// transactions with the block's height and cancels their timeouts, so neither a waiter nor its
/// timer outlives the commit. Thread-safe.
final class CommitWaiters: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<UInt64?, Never>
    }

    private struct State {
        var waiters: [[UInt8]: [Waiter]] = [:]
        var timeouts: [UInt64: Task<Void, Never>] = [:]
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

    /// Suspends until `hash` commits (its block's height) or `timeout` passes (nil).
    /// `committedHeight` is checked after registering so a commit between the caller's check and
    /// the wait is not missed.
    func wait(for hash: [UInt8], timeout: Duration,
              committedHeight: @escaping @Sendable () -> UInt64?) async -> UInt64? {
        let id = state.withLock { state -> UInt64 in state.nextID += 1; return state.nextID }
        return await withCheckedContinuation { continuation in
            state.withLock { $0.waiters[hash, default: []].append(Waiter(id: id, continuation: continuation)) }
            if let height = committedHeight() {
                resume(hash, id: id, result: height)
                return
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                self.resume(hash, id: id, result: nil)
            }
            let resumed = state.withLock { state -> Bool in
                guard state.waiters[hash]?.contains(where: { $0.id == id }) == true else { return true }
                state.timeouts[id] = timer
                return false
            }
            if resumed { timer.cancel() }
        }
    }

    /// Resumes the waiters of `hashes`, committed in the block at `height`; returns the
    /// admission-to-commit latencies (seconds) of those admitted here.
    func committed(_ hashes: [[UInt8]], height: UInt64) -> [Double] {
        let now = DispatchTime.now().uptimeNanoseconds
        let (resumed, timers, latencies) = state.withLock { state -> ([Waiter], [Task<Void, Never>], [Double]) in
            var resumed: [Waiter] = []
            var timers: [Task<Void, Never>] = []
            var latencies: [Double] = []
            for hash in hashes {
                if let list = state.waiters.removeValue(forKey: hash) {
                    for waiter in list {
                        if let timer = state.timeouts.removeValue(forKey: waiter.id) { timers.append(timer) }
                    }
                    resumed += list
                }
                if let start = state.admitted.removeValue(forKey: hash) { latencies.append(Double(now - start) / 1e9) }
            }
            return (resumed, timers, latencies)
        }
        timers.forEach { $0.cancel() }
        resumed.forEach { $0.continuation.resume(returning: height) }
        return latencies
    }

    private func resume(_ hash: [UInt8], id: UInt64, result: UInt64?) {
        let (waiter, timer) = state.withLock { state -> (Waiter?, Task<Void, Never>?) in
            let timer = state.timeouts.removeValue(forKey: id)
            guard var list = state.waiters[hash], let index = list.firstIndex(where: { $0.id == id }) else { return (nil, timer) }
            let waiter = list.remove(at: index)
            state.waiters[hash] = list.isEmpty ? nil : list
            return (waiter, timer)
        }
        if result != nil { timer?.cancel() }
        waiter?.continuation.resume(returning: result)
    }
}
