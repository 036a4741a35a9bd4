/// A compiled statement for repeated use, from `SQLiteDatabase.prepare`.
///
/// Each call takes the connection's lock, so a statement may be shared; but `bind` followed by
/// `step` is a sequence, and two threads stepping one statement would take each other's rows.
/// Use one statement from one thread at a time, or prefer the atomic `query`/`run`.
/// The statement keeps its database open while it lives.
public final class SQLiteStatement: @unchecked Sendable {
    private let database: SQLiteDatabase
    private let handle: StatementHandle

    init(database: SQLiteDatabase, handle: StatementHandle) {
        self.database = database
        self.handle = handle
    }

    /// The SQL text as given.
    public var sql: String { handle.sql }
    /// The result column names (empty for statements that return no rows).
    public var columns: [String] { handle.columns }
    /// How many parameters the statement takes.
    public var parameterCount: Int { database.lock.withLock { handle.parameterCount } }

    /// Resets the statement and binds positional values; throws `sqlite.binding` when the count
    /// differs from `parameterCount`.
    public func bind(_ values: [SQLiteValue]) throws {
        try database.lock.withLock { try handle.bind(values) }
    }

    /// Resets the statement and binds named values (keys with or without the `:`/`@`/`$` prefix);
    /// throws `sqlite.binding` for a name the statement does not have.
    public func bind(named values: [String: SQLiteValue]) throws {
        try database.lock.withLock { try handle.bind(named: values) }
    }

    /// The next row, or `nil` when the statement is done.
    public func step() throws -> SQLiteRow? {
        try database.lock.withLock { try handle.step() }
    }

    /// Rewinds the statement, keeping its bindings, and releases what it holds in the database.
    public func reset() {
        database.lock.withLock { handle.reset() }
    }

    /// Binds, runs to the end and returns all rows.
    public func query(_ bindings: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try database.lock.withLock {
            try handle.bind(bindings)
            return try handle.all()
        }
    }

    /// Binds by name, runs to the end and returns all rows.
    public func query(named bindings: [String: SQLiteValue]) throws -> [SQLiteRow] {
        try database.lock.withLock {
            try handle.bind(named: bindings)
            return try handle.all()
        }
    }

    /// Binds, runs to the end and reports the changes made.
    @discardableResult
    public func run(_ bindings: [SQLiteValue] = []) throws -> SQLiteRunResult {
        try database.lock.withLock {
            try handle.bind(bindings)
            return try handle.run()
        }
    }

    /// Binds by name, runs to the end and reports the changes made.
    @discardableResult
    public func run(named bindings: [String: SQLiteValue]) throws -> SQLiteRunResult {
        try database.lock.withLock {
            try handle.bind(named: bindings)
            return try handle.run()
        }
    }
}
