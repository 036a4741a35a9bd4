/// How the supervisor restarts a crashed node: exponential backoff from `initialBackoff` up to
/// `maxBackoff`, and a restart-loop limit — more than `maxRestarts` crashes within `window` marks the
/// node failed instead of restarting it forever.
public struct RestartPolicy: Sendable, Equatable {
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var maxRestarts: Int
    public var window: Duration
    /// How long a stop waits after SIGTERM before SIGKILL.
    public var stopGrace: Duration
    /// A log file larger than this is rotated (copied to `.1`, then truncated in place).
    public var maxLogBytes: Int
    /// How many rotated log files are kept.
    public var keptLogs: Int

    public init(initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30),
                maxRestarts: Int = 5, window: Duration = .seconds(60), stopGrace: Duration = .seconds(10),
                maxLogBytes: Int = 16 << 20, keptLogs: Int = 3) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRestarts = maxRestarts
        self.window = window
        self.stopGrace = stopGrace
        self.maxLogBytes = maxLogBytes
        self.keptLogs = keptLogs
    }

    /// The delay before restart number `attempt` (1-based).
    public func backoff(attempt: Int) -> Duration {
        var delay = initialBackoff
        for _ in 1..<max(attempt, 1) {
            delay = delay * 2
            if delay >= maxBackoff { return maxBackoff }
        }
        return min(delay, maxBackoff)
    }
}
