internal import CSQLite

extension SQLiteError {
    /// Turns a failed SQLite result code into an error naming the database, what was being done
    /// and SQLite's own text, with advice an operator can follow.
    ///
    /// `context` says what was attempted ("could not run `INSERT …`"); `detail` is
    /// `sqlite3_errmsg` of the connection right after the failure.
    static func fromResult(_ resultCode: Int32, detail: String, context: String, path: String) -> SQLiteError {
        let primary = resultCode & 0xff
        let said = "SQLite said: \(detail) (code \(resultCode))"
        switch primary {
        case SQLITE_CONSTRAINT:
            return SQLiteError("sqlite.constraint",
                               "\(context): a constraint was violated; \(said). Nothing was changed by this statement.")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return SQLiteError("sqlite.busy",
                               "\(context): database at \(path) is locked by another connection; \(said). "
                               + "Retry later, or find the process holding a long transaction.")
        case SQLITE_FULL:
            return SQLiteError("sqlite.full",
                               "\(context): database at \(path) is full (the disk has no space left or the size "
                               + "limit was reached); \(said). The change was rolled back and nothing of it was "
                               + "written; free disk space and retry.")
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return SQLiteError("sqlite.corrupt",
                               "\(context): database at \(path) is corrupt or not a database; \(said). "
                               + "Stop the program and restore the file from a backup.")
        case SQLITE_CANTOPEN:
            return SQLiteError("sqlite.open_failed",
                               "\(context): cannot open database at \(path); \(said). Check that the directory "
                               + "exists and that this user may read and write it.")
        case SQLITE_READONLY:
            return SQLiteError("sqlite.readonly",
                               "\(context): database at \(path) is read-only; \(said). Open it read-write or "
                               + "check the file's permissions.")
        case SQLITE_IOERR:
            return SQLiteError("sqlite.io",
                               "\(context): disk I/O failed on database at \(path); \(said). Check the disk and "
                               + "the kernel log.")
        case SQLITE_RANGE, SQLITE_MISUSE, SQLITE_MISMATCH:
            return SQLiteError("sqlite.misuse", "\(context): \(said). This is a bug in the calling code.")
        default:
            return SQLiteError("sqlite.error", "\(context): \(said).")
        }
    }

    /// The error for SQL that SQLite refused to compile (syntax error, unknown table or column).
    static func syntax(detail: String, sql: String, path: String) -> SQLiteError {
        SQLiteError("sqlite.syntax",
                    "SQLite could not compile `\(abbreviated(sql))` for database at \(path): \(detail)")
    }

    /// SQL shortened for a message: statements can be long scripts.
    static func abbreviated(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count <= 120 ? flat : String(flat.prefix(117)) + "…"
    }
}
