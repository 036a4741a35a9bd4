/// How important a log record is, from `trace` (most verbose) to `critical`.
///
/// The levels follow syslog's (debug … crit), with `trace` below `debug`; each maps to a journald
/// `PRIORITY`.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case trace, debug, info, notice, warning, error, critical

    /// Parses a level name as an operator writes it (`info`, `WARNING`, `warn`).
    /// Throws `CoreError` `log.invalid_level` naming the accepted words.
    public init(parsing text: String) throws {
        let word = text.lowercased()
        if word == "warn" {
            self = .warning
            return
        }
        guard let level = LogLevel.allCases.first(where: { $0.description == word }) else {
            throw CoreError("log.invalid_level",
                            "'\(text)' is not a log level; use one of "
                            + LogLevel.allCases.map(\.description).joined(separator: ", "))
        }
        self = level
    }

    public var description: String {
        switch self {
        case .trace: return "trace"
        case .debug: return "debug"
        case .info: return "info"
        case .notice: return "notice"
        case .warning: return "warning"
        case .error: return "error"
        case .critical: return "critical"
        }
    }

    /// The syslog priority journald stores (`PRIORITY=`): 2 crit … 7 debug.
    public var syslogPriority: Int {
        switch self {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}
