/// Writes each record as one logfmt line to standard error (see `LogfmtRenderer`).
///
/// Each line goes out in a single `write(2)` call, so lines of concurrent callers do not mix.
public struct StandardErrorLogSink: LogSink {
    public init() {}

    public func write(_ record: LogRecord) {
        printStandardError(LogfmtRenderer.line(record))
    }
}
