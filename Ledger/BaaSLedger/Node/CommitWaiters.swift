import Dispatch
import Synchronization

/// Lets API requests wait until their transactions commit on this node (`?wait=commit`), and
/// times admission-to-commit latency for the metrics.
///
/// A request registers the hashes it submits *before* admitting them (`register`), so a commit
/// that lands at any time after that is seen without looking the transaction up on disk; then it
/// waits once for the whole batch (`wait`): one continuation and one timeout per request, not per
/// transaction. `committed` records the block's height for every registered hash and resumes a
/// request once all it waits for have committed. Thread-safe.
final class CommitWaiters: Sendable {
    private struct Group {
        var heights: [UInt64?]
        var hashes: [DigestKey]
        /// Indices still awaited; nil until `wait` says which.
        var awaited: Set<Int>?
        var continuation: CheckedContinuation<[UInt64?], Never>?
        var timer: Task<Void, Never>?
    }

    private struct State {
        var groups: [UInt64: Group] = [:]
        /// Hash → (group, index) registrations.
        var waiters: [DigestKey: [(UInt64, Int)]] = [:]
        var nextID: UInt64 = 0
        var admitted: [DigestKey: UInt64] = [:]
    }

    private let state = Mutex(State())

    /// Remembers when transactions were admitted here (bounded: all dropped past 200k).
    func admitted(_ hashes: [[UInt8]]) {
        guard !hashes.isEmpty else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            if state.admitted.count > 200_000 { state.admitted.removeAll(keepingCapacity: true) }
            for hash in hashes { state.admitted[DigestKey(hash)] = now }
        }
    }

    /// Registers interest in the commits of `hashes` (call before admitting them); returns the
    /// ticket to pass to `wait`, which must follow exactly once.
    func register(_ hashes: [[UInt8]]) -> UInt64 {
        let keys = hashes.map(DigestKey.init)
        return state.withLock { state in
            state.nextID += 1
            let id = state.nextID
            state.groups[id] = Group(heights: Array(repeating: nil, count: keys.count), hashes: keys)
            for (index, key) in keys.enumerated() { state.waiters[key, default: []].append((id, index)) }
            return id
        }
    }

    /// Suspends until the registered transactions at `indices` have committed, or `timeout`
    /// passes; returns the height of every registered transaction seen committed (nil for the
    /// others), and forgets the registration.
    func wait(_ ticket: UInt64, for indices: [Int], timeout: Duration) async -> [UInt64?] {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                guard var group = state.groups[ticket] else { return true }
                let awaited = Set(indices.filter { group.heights.indices.contains($0) && group.heights[$0] == nil })
                group.awaited = awaited
                if awaited.isEmpty { return true }
                group.continuation = continuation
                state.groups[ticket] = group
                return false
            }
            if done {
                continuation.resume(returning: finish(ticket)?.heights ?? [])
                return
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                self.expire(ticket)
            }
            let finished = state.withLock { state -> Bool in
                guard state.groups[ticket] != nil else { return true }
                state.groups[ticket]?.timer = timer
                return false
            }
            if finished { timer.cancel() }
        }
    }

    /// Records that `hashes` committed in the block at `height`, hands `record` the
    /// admission-to-commit latencies (seconds) of those admitted here, then resumes the requests
    /// that now have all they wait for (so an answer never runs ahead of what `record` counts).
    func committed(_ hashes: [[UInt8]], height: UInt64, record: ([Double]) -> Void = { _ in }) {
        let now = DispatchTime.now().uptimeNanoseconds
        let (complete, latencies) = state.withLock { state -> ([Group], [Double]) in
            var complete: [Group] = []
            var latencies: [Double] = []
            for hash in hashes {
                let key = DigestKey(hash)
                if let start = state.admitted.removeValue(forKey: key) { latencies.append(Double(now - start) / 1e9) }
                guard let list = state.waiters.removeValue(forKey: key) else { continue }
                for (id, index) in list {
                    guard var group = state.groups[id] else { continue }
                    group.heights[index] = height
                    group.awaited?.remove(index)
                    if group.awaited?.isEmpty == true, group.continuation != nil {
                        state.groups[id] = nil
                        Self.unregister(group, id: id, from: &state)
                        complete.append(group)
                    } else {
                        state.groups[id] = group
                    }
                }
            }
            return (complete, latencies)
        }
        record(latencies)
        for group in complete {
            group.timer?.cancel()
            group.continuation?.resume(returning: group.heights)
        }
    }

    private func expire(_ ticket: UInt64) {
        guard let group = finish(ticket) else { return }
        group.continuation?.resume(returning: group.heights)
    }

    /// Removes the group and its remaining registrations.
    private func finish(_ ticket: UInt64) -> Group? {
        state.withLock { state in
            guard let group = state.groups.removeValue(forKey: ticket) else { return nil }
            Self.unregister(group, id: ticket, from: &state)
            return group
        }
    }

    private static func unregister(_ group: Group, id: UInt64, from state: inout State) {
        for (index, key) in group.hashes.enumerated() where group.heights[index] == nil {
            guard var list = state.waiters[key] else { continue }
            list.removeAll { $0.0 == id }
            state.waiters[key] = list.isEmpty ? nil : list
        }
    }
}
