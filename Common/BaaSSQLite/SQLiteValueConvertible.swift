/// A Swift type that binds to a statement parameter and reads back from a result column.
///
/// Reading is strict: a `String` column read as `Int` throws `sqlite.column_type` rather than
/// guessing. The one widening allowed is INTEGER read as `Double`. A NULL column reads only as
/// an optional.
public protocol SQLiteValueConvertible: Sendable {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
    /// Reads a column value; throws `SQLiteError` `sqlite.column_type` when the stored class
    /// does not fit. `column` names the column for the message.
    init(sqliteValue: SQLiteValue, column: String) throws
}

extension SQLiteValueConvertible {
    static func mismatch(_ value: SQLiteValue, _ column: String) -> SQLiteError {
        let found = value.storageClass
        return SQLiteError("sqlite.column_type",
                           "column '\(column)' holds \(found) which cannot be read as \(Self.self)")
    }
}

extension SQLiteValue: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { self }
    public init(sqliteValue: SQLiteValue, column: String) { self = sqliteValue }
}

extension Int64: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(self) }
    public init(sqliteValue: SQLiteValue, column: String) throws {
        guard case .integer(let value) = sqliteValue else { throw Self.mismatch(sqliteValue, column) }
        self = value
    }
}

extension Int: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public init(sqliteValue: SQLiteValue, column: String) throws {
        guard case .integer(let value) = sqliteValue, let fitted = Int(exactly: value) else {
            throw Self.mismatch(sqliteValue, column)
        }
        self = fitted
    }
}

extension Double: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .real(self) }
    public init(sqliteValue: SQLiteValue, column: String) throws {
        switch sqliteValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: throw Self.mismatch(sqliteValue, column)
        }
    }
}

extension String: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .text(self) }
    public init(sqliteValue: SQLiteValue, column: String) throws {
        guard case .text(let value) = sqliteValue else { throw Self.mismatch(sqliteValue, column) }
        self = value
    }
}

extension Array: SQLiteValueConvertible where Element == UInt8 {
    public var sqliteValue: SQLiteValue { .blob(self) }
    public init(sqliteValue: SQLiteValue, column: String) throws {
        guard case .blob(let value) = sqliteValue else { throw Self.mismatch(sqliteValue, column) }
        self = value
    }
}

extension Bool: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    public init(sqliteValue: SQLiteValue, column: String) throws {
        guard case .integer(let value) = sqliteValue, value == 0 || value == 1 else {
            throw Self.mismatch(sqliteValue, column)
        }
        self = value == 1
    }
}

extension Optional: SQLiteValueConvertible where Wrapped: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { map(\.sqliteValue) ?? .null }
    public init(sqliteValue: SQLiteValue, column: String) throws {
        if case .null = sqliteValue {
            self = .none
        } else {
            self = .some(try Wrapped(sqliteValue: sqliteValue, column: column))
        }
    }
}
