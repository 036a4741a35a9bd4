/// Where log records go: standard error, the journal, or memory in tests.
///
/// `write` is called from any thread, concurrently; an implementation must be thread-safe and
/// should not block for long (a log call sits on the caller's path).
public protocol LogSink: Sendable {
    func write(_ record: LogRecord)
}
