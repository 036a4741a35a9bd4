/// One result row, copied out of SQLite: safe to keep and to send across threads.
///
/// Columns are addressed by index (0-based) or by name (as the statement named them, e.g. the
/// `AS` alias; exact match first, then case-insensitive as SQL does). Typed getters throw
/// `sqlite.no_such_column` for an unknown name or index and `sqlite.column_type` when the
/// stored value does not fit the requested type (NULL fits only optionals).
public struct SQLiteRow: Sendable, Hashable {
    /// The column names, in order.
    public let columns: [String]
    /// The values, in column order.
    public let values: [SQLiteValue]

    /// A row made of these columns and values (the counts must match).
    public init(columns: [String], values: [SQLiteValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The raw value at `index`; traps when out of range, like an array.
    public subscript(index: Int) -> SQLiteValue { values[index] }

    /// The raw value of the named column, or `nil` when no column has that name.
    public subscript(name: String) -> SQLiteValue? {
        columnIndex(name).map { values[$0] }
    }

    /// Reads column `index` as `T` (e.g. `let id: Int64 = try row.get(0)`).
    public func get<T: SQLiteValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw SQLiteError("sqlite.no_such_column",
                              "the row has \(values.count) columns; there is no column \(index)")
        }
        return try T(sqliteValue: values[index], column: columns[index])
    }

    /// Reads the named column as `T` (e.g. `let name: String? = try row.get("name")`).
    public func get<T: SQLiteValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = columnIndex(name) else {
            throw SQLiteError("sqlite.no_such_column",
                              "the row has no column '\(name)'; it has \(columns.joined(separator: ", "))")
        }
        return try T(sqliteValue: values[index], column: columns[index])
    }

    /// The named column as an integer.
    public func int64(_ name: String) throws -> Int64 { try get(name) }
    /// The named column as an `Int`.
    public func int(_ name: String) throws -> Int { try get(name) }
    /// The named column as a double (INTEGER widens).
    public func double(_ name: String) throws -> Double { try get(name) }
    /// The named column as text.
    public func string(_ name: String) throws -> String { try get(name) }
    /// The named column as bytes.
    public func blob(_ name: String) throws -> [UInt8] { try get(name) }
    /// The named column as a boolean (stored 0 or 1).
    public func bool(_ name: String) throws -> Bool { try get(name) }
    /// Whether the named column is NULL (or absent).
    public func isNull(_ name: String) -> Bool { self[name].map { $0 == .null } ?? true }

    private func columnIndex(_ name: String) -> Int? {
        if let exact = columns.firstIndex(of: name) { return exact }
        let lowered = name.lowercased()
        return columns.firstIndex { $0.lowercased() == lowered }
    }
}
