/// Writes structured log records: a message plus `key=value` fields, at a level.
///
/// ```swift
/// let log = Logger(label: "agent.session").with(["controller": "10.0.0.1:8444"])
/// log.info("connected", ["host_id": .string(id), "token": .secret(token)])
/// ```
/// By default a logger uses the process-wide `LoggingSystem`; a logger made with its own sink
/// (tests) ignores it. A `Logger` is a value: cheap to copy and safe to use from any thread.
/// The message is evaluated only when the level is enabled.
public struct Logger: Sendable {
    /// The component that logs (`controller.scheduler`).
    public let label: String
    /// Fields added to every record of this logger.
    public private(set) var fields: [LogField]
    private let sink: (any LogSink)?
    private let ownMinimumLevel: LogLevel?

    /// A logger writing to the process-wide `LoggingSystem`.
    public init(label: String) {
        self.label = label
        self.fields = []
        self.sink = nil
        self.ownMinimumLevel = nil
    }

    /// A logger with its own sink and level, independent of `LoggingSystem` (for tests and tools).
    public init(label: String, sink: any LogSink, minimumLevel: LogLevel = .trace) {
        self.label = label
        self.fields = []
        self.sink = sink
        self.ownMinimumLevel = minimumLevel
    }

    /// A copy that adds `fields` to every record.
    public func with(_ fields: KeyValuePairs<String, LogValue>) -> Logger {
        var copy = self
        copy.fields += fields.map { LogField($0.key, $0.value) }
        return copy
    }

    /// Whether a record at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool {
        level >= (ownMinimumLevel ?? LoggingSystem.minimumLevel)
    }

    /// Writes a record at `level` when it is enabled.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String,
                    _ fields: KeyValuePairs<String, LogValue> = [:],
                    file: String = #fileID, function: String = #function, line: UInt = #line) {
        let target: any LogSink
        if let sink, let ownMinimumLevel {
            guard level >= ownMinimumLevel else { return }
            target = sink
        } else {
            let current = LoggingSystem.current
            guard level >= current.minimumLevel else { return }
            target = current.sink
        }
        target.write(LogRecord(timestamp: .now(), level: level, label: label, message: message(),
                               fields: self.fields + fields.map { LogField($0.key, $0.value) },
                               file: file, function: function, line: line))
    }

    /// Writes a record at `.trace` when that level is enabled.
    public func trace(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:],
                      file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(.trace, message(), fields, file: file, function: function, line: line)
    }

    /// Writes a record at `.debug` when that level is enabled.
    public func debug(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:],
                      file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(.debug, message(), fields, file: file, function: function, line: line)
    }

    /// Writes a record at `.info` when that level is enabled.
    public func info(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:],
                     file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(.info, message(), fields, file: file, function: function, line: line)
    }

    /// Writes a record at `.notice` when that level is enabled.
    public func notice(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:],
                       file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(.notice, message(), fields, file: file, function: function, line: line)
    }

    /// Writes a record at `.warning` when that level is enabled.
    public func warning(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:],
                        file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(.warning, message(), fields, file: file, function: function, line: line)
    }

    /// Writes a record at `.error` when that level is enabled.
    public func error(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:],
                      file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(.error, message(), fields, file: file, function: function, line: line)
    }

    /// Writes a record at `.critical` when that level is enabled.
    public func critical(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:],
                         file: String = #fileID, function: String = #function, line: UInt = #line) {
        log(.critical, message(), fields, file: file, function: function, line: line)
    }
}
