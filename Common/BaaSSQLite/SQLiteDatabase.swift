internal import CSQLite

/// One SQLite connection: WAL journal, foreign keys on, a busy timeout and a chosen `synchronous`
/// level, closed when the object goes away.
///
/// - Note: Threading. SQLite connections are meant to be used by one thread at a time, and this is
///   the intended use: give each thread or task its own connection (WAL lets readers on other
///   connections proceed while one writes). The class is nevertheless safe to share: every call
///   takes a recursive lock around the handle, and `transaction` holds it for the whole body, so
///   statements of other threads never interleave with an open transaction. All calls block
///   (disk I/O, and up to the busy timeout when another connection holds the write lock);
///   call them off latency-sensitive threads.
///
/// Errors are `SQLiteError` with SQLite's own message: `sqlite.open_failed`, `sqlite.constraint`,
/// `sqlite.busy`, `sqlite.full`, `sqlite.corrupt`, `sqlite.syntax`, `sqlite.readonly`, `sqlite.io`,
/// `sqlite.binding`, `sqlite.column_type`, `sqlite.no_such_column`, `sqlite.misuse`, `sqlite.error`.
public final class SQLiteDatabase: @unchecked Sendable {
    /// The file path, or `:memory:`.
    public let path: String
    /// The options the connection was opened with.
    public let options: Options

    let lock = RecursiveLock()
    private let handle: OpaquePointer
    /// Statements prepared by `query`/`run`, by SQL text. Guarded by `lock`.
    private var cache: [String: StatementHandle] = [:]
    /// Open transactions and savepoints. Guarded by `lock`.
    var transactionDepth = 0

    private static let cacheLimit = 128

    /// Opens (creating unless read-only) the database file at `path`.
    ///
    /// Throws `sqlite.open_failed` when the file cannot be opened or WAL cannot be enabled,
    /// `sqlite.corrupt` when the file is not a database.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        self.options = options
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= options.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var opened: OpaquePointer?
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let detail = opened.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw SQLiteError("sqlite.open_failed",
                              "cannot open database at \(path): SQLite said: \(detail) (code \(result)). "
                              + "Check that the directory exists and that this user may "
                              + (options.readOnly ? "read it." : "read and write it."))
        }
        handle = opened
        do {
            try configure()
        } catch {
            cache.removeAll()
            sqlite3_close_v2(handle)
            throw error
        }
    }

    /// A private in-memory database (no WAL; gone when the object goes away). For tests and
    /// scratch work.
    public static func inMemory(options: Options = Options()) throws -> SQLiteDatabase {
        try SQLiteDatabase(path: ":memory:", options: options)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs a script of one or more statements separated by `;` (schema, pragmas). No bindings,
    /// no results.
    public func execute(_ sql: String) throws {
        try lock.withLock {
            var errorText: UnsafeMutablePointer<CChar>?
            let result = sqlite3_exec(handle, sql, nil, nil, &errorText)
            let detail = errorText.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(errorText)
            guard result == SQLITE_OK else {
                if result & 0xff == SQLITE_ERROR {
                    throw SQLiteError.syntax(detail: detail, sql: sql, path: path)
                }
                throw SQLiteError.fromResult(result, detail: detail,
                                             context: "could not run `\(SQLiteError.abbreviated(sql))`", path: path)
            }
        }
    }

    /// Compiles one statement for repeated use. Throws `sqlite.syntax` with SQLite's message when
    /// the SQL does not compile.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try lock.withLock {
            SQLiteStatement(database: self, handle: try compile(sql, persistent: false))
        }
    }

    /// Runs one statement with positional bindings (`?`) and returns all its rows.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try lock.withLock {
            let statement = try cached(sql)
            try statement.bind(bindings)
            return try statement.all()
        }
    }

    /// Runs one statement with named bindings (`:name`, `@name`, `$name`) and returns all its rows.
    public func query(_ sql: String, named bindings: [String: SQLiteValue]) throws -> [SQLiteRow] {
        try lock.withLock {
            let statement = try cached(sql)
            try statement.bind(named: bindings)
            return try statement.all()
        }
    }

    /// The first row of a query, or `nil` when there is none.
    public func queryFirst(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> SQLiteRow? {
        try lock.withLock {
            let statement = try cached(sql)
            try statement.bind(bindings)
            defer { statement.reset() }
            return try statement.step()
        }
    }

    /// Runs one data-changing statement with positional bindings.
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> SQLiteRunResult {
        try lock.withLock {
            let statement = try cached(sql)
            try statement.bind(bindings)
            return try statement.run()
        }
    }

    /// Runs one data-changing statement with named bindings.
    @discardableResult
    public func run(_ sql: String, named bindings: [String: SQLiteValue]) throws -> SQLiteRunResult {
        try lock.withLock {
            let statement = try cached(sql)
            try statement.bind(named: bindings)
            return try statement.run()
        }
    }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool {
        lock.withLock { sqlite3_get_autocommit(handle) == 0 }
    }

    // MARK: - Internals (call with `lock` held)

    var lastMessage: String {
        sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown error"
    }

    private func configure() throws {
        let milliseconds = options.busyTimeout.components.seconds * 1000
            + options.busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        if !options.readOnly && path != ":memory:" && !path.isEmpty {
            let mode = try query("PRAGMA journal_mode=WAL").first.flatMap { try? $0.get(0, as: String.self) }
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError("sqlite.open_failed",
                                  "cannot enable the WAL journal on database at \(path) (journal mode is "
                                  + "\(mode ?? "unknown")); put the database on a local file system")
            }
        }
        try execute("PRAGMA synchronous=\(options.synchronous.rawValue); PRAGMA foreign_keys=ON")
        // The first real read reveals a file that is not a database.
        _ = try query("SELECT count(*) FROM sqlite_master")
    }

    private func compile(_ sql: String, persistent: Bool) throws -> StatementHandle {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let result = sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil)
        guard result == SQLITE_OK else {
            sqlite3_finalize(statement)
            if result & 0xff == SQLITE_ERROR {
                throw SQLiteError.syntax(detail: lastMessage, sql: sql, path: path)
            }
            throw SQLiteError.fromResult(result, detail: lastMessage,
                                         context: "could not prepare `\(SQLiteError.abbreviated(sql))`", path: path)
        }
        guard let statement else {
            throw SQLiteError("sqlite.syntax", "`\(SQLiteError.abbreviated(sql))` contains no SQL statement")
        }
        return StatementHandle(pointer: statement, sql: sql, path: path, lock: lock)
    }

    private func cached(_ sql: String) throws -> StatementHandle {
        if let statement = cache[sql] { return statement }
        let statement = try compile(sql, persistent: true)
        if cache.count >= Self.cacheLimit { cache.removeAll() }
        cache[sql] = statement
        return statement
    }
}
