import Foundation

/// The source of the current time for everything that expires (sessions, tokens, lockouts, TOTP).
///
/// Named `WallClock` rather than `Clock` so it does not shadow the standard library's `Clock`.
/// Implementations must be safe to call from any thread.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }
}

/// A clock that only moves when told to; tests use it to expire sessions and lift lockouts.
///
/// Thread-safe.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// A clock reading `start` until moved.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    public func now() -> Date {
        lock.withLock { current }
    }

    /// Moves the clock forward by `seconds` (backward if negative).
    public func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        lock.withLock { current = date }
    }
}
