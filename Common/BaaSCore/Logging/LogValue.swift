/// The value of a structured log field.
///
/// Literals work directly: `["host": "h-1", "port": 8443, "ok": true, "latency": 0.25]`.
/// Anything secret goes through `.secret(_:)`, which keeps no trace of the value: every sink
/// renders it as `<redacted>`, and so do `description`, `debugDescription` and reflection.
public enum LogValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case bool(Bool)
    /// A value that was secret. It carries nothing, so nothing can leak.
    case redacted

    /// Marks a secret (password, PIN, token, private key): the value is dropped at once and the
    /// field renders as `<redacted>`.
    public static func secret(_ value: some Any) -> LogValue { .redacted }

    /// An error as its operator-facing description (`message [code]` for an `OperatorError`).
    public static func error(_ error: any Error) -> LogValue { .string(String(describing: error)) }

    /// Any value by its `description`.
    public static func describing(_ value: some CustomStringConvertible) -> LogValue {
        .string(value.description)
    }

    /// The text of the value, unquoted (what journald stores).
    public var text: String {
        switch self {
        case .string(let string): return string
        case .integer(let integer): return String(integer)
        case .double(let double): return String(double)
        case .bool(let bool): return bool ? "true" : "false"
        case .redacted: return "<redacted>"
        }
    }
}

extension LogValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByStringInterpolation
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringInterpolation: DefaultStringInterpolation) {
        self = .string(String(stringInterpolation: stringInterpolation))
    }
}

extension LogValue: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { text }
    public var debugDescription: String { text }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
