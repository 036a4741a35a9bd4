import Synchronization

/// Keeps records in memory so tests can assert what was logged.
public final class InMemoryLogSink: LogSink {
    private let stored = Mutex<[LogRecord]>([])

    public init() {}

    public func write(_ record: LogRecord) {
        stored.withLock { $0.append(record) }
    }

    /// Everything written so far, oldest first.
    public var records: [LogRecord] { stored.withLock { $0 } }

    /// The records as the stderr sink would print them.
    public var lines: [String] { records.map(LogfmtRenderer.line) }

    /// Forgets everything written so far.
    public func clear() {
        stored.withLock { $0.removeAll() }
    }
}
