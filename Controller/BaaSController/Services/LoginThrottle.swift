import Foundation

/// Counts failed logins per source address in a sliding window, so one address cannot guess
/// passwords across many accounts (the per-account lockout stops guessing on one account).
///
/// Kept in memory: a restart forgets it, which only gives an attacker a fresh window. Thread-safe.
final class LoginThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]
    private let limit: Int
    private let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// When `address` may try again, or `nil` when it may try now.
    func blockedUntil(_ address: String, now: Date) -> Date? {
        lock.withLock {
            let recent = prune(address, now: now)
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return oldest.addingTimeInterval(window)
        }
    }

    func recordFailure(_ address: String, now: Date) {
        lock.withLock {
            var recent = prune(address, now: now)
            recent.append(now)
            failures[address] = recent
        }
    }

    private func prune(_ address: String, now: Date) -> [Date] {
        let recent = (failures[address] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[address] = recent.isEmpty ? nil : recent
        return recent
    }
}
