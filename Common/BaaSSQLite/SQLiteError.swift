import BaaSCore

/// Every failure of BaaSSQLite, carrying SQLite's own message where there is one.
///
/// Codes: `sqlite.open_failed` (cannot open, or WAL unavailable), `sqlite.constraint`
/// (UNIQUE/NOT NULL/FOREIGN KEY/CHECK), `sqlite.busy` (another connection held the lock past the
/// busy timeout), `sqlite.full` (disk or size limit full; the change was rolled back),
/// `sqlite.corrupt` (damaged file or not a database), `sqlite.syntax` (SQL that does not compile,
/// unknown table or column), `sqlite.readonly`, `sqlite.io`, `sqlite.binding` (wrong parameter
/// count or name), `sqlite.column_type`, `sqlite.no_such_column`, `sqlite.misuse`, `sqlite.error`,
/// and from `Migrator`: `sqlite.migration_unknown`, `sqlite.migration_modified`,
/// `sqlite.migration_missing`, `sqlite.migration_failed`, `sqlite.migration_invalid`.
public struct SQLiteError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: SQLiteError, b: SQLiteError) -> Bool { a.code == b.code }
}
