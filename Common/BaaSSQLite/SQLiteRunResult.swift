/// What a data-changing statement did.
public struct SQLiteRunResult: Sendable, Equatable {
    /// Rows inserted, updated or deleted by the statement (`sqlite3_changes64`).
    public let changes: Int
    /// The rowid of the most recent successful INSERT on this connection (`sqlite3_last_insert_rowid`);
    /// meaningful only after an INSERT.
    public let lastInsertRowID: Int64

    public init(changes: Int, lastInsertRowID: Int64) {
        self.changes = changes
        self.lastInsertRowID = lastInsertRowID
    }
}
