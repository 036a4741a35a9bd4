/// One `key=value` pair of a log record. Keys keep the order they were given in.
public struct LogField: Sendable, Hashable {
    public let key: String
    public let value: LogValue

    public init(_ key: String, _ value: LogValue) {
        self.key = key
        self.value = value
    }
}
