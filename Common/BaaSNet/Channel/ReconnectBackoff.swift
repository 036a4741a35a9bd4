/// Delays between reconnect attempts: exponential growth with full jitter, capped, and reset
/// once a connection has stayed up long enough to count as stable.
///
/// Full jitter (a uniform delay between zero and the exponential ceiling) spreads thousands of
/// agents that lost the controller at the same moment, so they do not all return at once.
/// The random source is injectable so tests can replay a seed.
///
/// - Note: A value type with no locking: one reconnect loop owns it.
public struct ReconnectBackoff<Random: RandomNumberGenerator & Sendable>: Sendable {
    /// The ceiling of the first delay; doubles after each failed attempt.
    public let base: Duration
    /// The ceiling never grows beyond this.
    public let cap: Duration
    /// A connection that lasted this long resets the attempt count.
    public let stableAfter: Duration
    /// Failed attempts since the last stable connection.
    public private(set) var attempt = 0
    private var random: Random
    private var connectedAt: Duration?

    public init(base: Duration = .milliseconds(500), cap: Duration = .seconds(60),
                stableAfter: Duration = .seconds(30), random: Random) {
        precondition(base > .zero && cap >= base, "backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.stableAfter = stableAfter
        self.random = random
    }

    /// The ceiling of the next delay, before jitter.
    public var ceiling: Duration {
        // base * 2^attempt without overflow: past 2^30 the cap has long been reached.
        let factor = Int64(1) << Int64(min(attempt, 30))
        let nanoseconds = base.signedNanoseconds.multipliedReportingOverflow(by: factor)
        guard !nanoseconds.overflow else { return cap }
        return min(cap, .nanoseconds(nanoseconds.partialValue))
    }

    /// How long to wait before the next attempt; counts that attempt.
    public mutating func nextDelay() -> Duration {
        let ceiling = ceiling.signedNanoseconds
        attempt += 1
        return .nanoseconds(Int64.random(in: 0...ceiling, using: &random))
    }

    /// A connection (handshake included) succeeded at `now`.
    public mutating func connected(now: Duration) {
        connectedAt = now
    }

    /// The connection went away at `now`; a stable one resets the backoff, so a host that was
    /// up for hours reconnects quickly, while one that flaps keeps backing off.
    public mutating func disconnected(now: Duration) {
        if let connectedAt, now - connectedAt >= stableAfter {
            attempt = 0
        }
        connectedAt = nil
    }
}

extension ReconnectBackoff where Random == SystemRandomNumberGenerator {
    /// A backoff drawing from the system's random source.
    public init(base: Duration = .milliseconds(500), cap: Duration = .seconds(60),
                stableAfter: Duration = .seconds(30)) {
        self.init(base: base, cap: cap, stableAfter: stableAfter, random: SystemRandomNumberGenerator())
    }
}

private extension Duration {
    /// Whole nanoseconds, saturating far beyond any delay used here.
    var signedNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : whole + attoseconds / 1_000_000_000
    }
}
