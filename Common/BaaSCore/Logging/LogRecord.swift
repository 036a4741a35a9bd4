/// One thing that was logged, as a sink receives it.
public struct LogRecord: Sendable, Hashable {
    public let timestamp: LogTimestamp
    public let level: LogLevel
    /// The logger's label: the component that logged (`agent.session`).
    public let label: String
    public let message: String
    /// The logger's own fields followed by the call's fields.
    public let fields: [LogField]
    /// Where the call was made (`#fileID`, `#function`, `#line`).
    public let file: String
    public let function: String
    public let line: UInt

    public init(timestamp: LogTimestamp, level: LogLevel, label: String, message: String, fields: [LogField],
                file: String, function: String, line: UInt) {
        self.timestamp = timestamp
        self.level = level
        self.label = label
        self.message = message
        self.fields = fields
        self.file = file
        self.function = function
        self.line = line
    }
}
