/// One SQLite value: what a statement binds and what a row holds.
///
/// SQLite has five storage classes; Swift types map onto them through `SQLiteValueConvertible`
/// (`Int`, `Int64`, `Double`, `String`, `[UInt8]`, `Bool` and their optionals). Literals work
/// directly in binding lists: `db.run("INSERT INTO t VALUES (?, ?, ?)", ["name", 42, nil])`.
public enum SQLiteValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer (booleans are stored as 0 and 1).
    case integer(Int64)
    /// An IEEE 754 double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])

    /// The value of any convertible Swift value, e.g. `SQLiteValue(user.id)`.
    public init(_ value: some SQLiteValueConvertible) {
        self = value.sqliteValue
    }

    /// `nil` becomes `.null`, anything else its value.
    public init(_ value: (some SQLiteValueConvertible)?) {
        self = value.map(\.sqliteValue) ?? .null
    }

    /// The storage class name SQLite uses (`INTEGER`, `TEXT` …), for error messages.
    var storageClass: String {
        switch self {
        case .null: return "NULL"
        case .integer: return "INTEGER"
        case .real: return "REAL"
        case .text: return "TEXT"
        case .blob: return "BLOB"
        }
    }
}

extension SQLiteValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByBooleanLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}
