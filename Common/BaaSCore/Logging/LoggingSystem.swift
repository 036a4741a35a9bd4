import Synchronization

/// The process-wide logging set-up: one sink and one minimum level, chosen once at start-up.
///
/// Until `bootstrap` is called, records at `info` and above go to standard error. Loggers read
/// the set-up at each call, so loggers made before `bootstrap` follow it too. Thread-safe.
public enum LoggingSystem {
    private struct Configuration: Sendable {
        var sink: any LogSink
        var minimumLevel: LogLevel
    }

    private static let configuration = Mutex(Configuration(sink: StandardErrorLogSink(), minimumLevel: .info))

    /// Sends every logger's records at `minimumLevel` and above to `sink`.
    public static func bootstrap(_ sink: any LogSink, minimumLevel: LogLevel = .info) {
        configuration.withLock { $0 = Configuration(sink: sink, minimumLevel: minimumLevel) }
    }

    /// Picks the sink for a program: the journal when standard error is systemd's journal stream
    /// (see `JournalStream`), standard error otherwise. `identifier` is the program name.
    public static func bootstrap(identifier: String, minimumLevel: LogLevel = .info) {
        let sink: any LogSink = JournalStream.isStandardErrorJournal()
            ? JournalLogSink(identifier: identifier)
            : StandardErrorLogSink()
        bootstrap(sink, minimumLevel: minimumLevel)
    }

    /// The level below which records are dropped.
    public static var minimumLevel: LogLevel { configuration.withLock { $0.minimumLevel } }

    static var current: (sink: any LogSink, minimumLevel: LogLevel) {
        configuration.withLock { ($0.sink, $0.minimumLevel) }
    }
}
