internal import CSQLite

/// Owns one `sqlite3_stmt` and finalizes it under the connection's lock.
///
/// Every method must be called with `lock` held; the handle itself does no locking except in
/// `deinit`, which may run on any thread.
final class StatementHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let sql: String
    let path: String
    private let lock: RecursiveLock
    /// Column names, read once at preparation (they do not change for a prepared statement).
    let columns: [String]

    init(pointer: OpaquePointer, sql: String, path: String, lock: RecursiveLock) {
        self.pointer = pointer
        self.sql = sql
        self.path = path
        self.lock = lock
        let count = Int(sqlite3_column_count(pointer))
        columns = (0..<count).map { index in
            sqlite3_column_name(pointer, Int32(index)).map { String(cString: $0) } ?? "column\(index)"
        }
    }

    deinit {
        lock.withLock { _ = sqlite3_finalize(pointer) }
    }

    var parameterCount: Int { Int(sqlite3_bind_parameter_count(pointer)) }

    /// Resets the statement and binds `values` to `?`/`?NNN` parameters 1…n.
    func bind(_ values: [SQLiteValue]) throws {
        prepareForBinding()
        guard values.count == parameterCount else {
            throw SQLiteError("sqlite.binding",
                              "`\(SQLiteError.abbreviated(sql))` has \(parameterCount) parameters but "
                              + "\(values.count) values were given")
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Resets the statement and binds by parameter name; a key may carry its prefix (`:id`,
    /// `@id`, `$id`) or not (`id`, looked up as `:id`, `@id`, then `$id`).
    func bind(named values: [String: SQLiteValue]) throws {
        prepareForBinding()
        for (name, value) in values {
            let candidates = name.first.map { ":@$".contains($0) } == true ? [name] : [":" + name, "@" + name, "$" + name]
            guard let index = candidates.lazy.map({ sqlite3_bind_parameter_index(self.pointer, $0) }).first(where: { $0 > 0 }) else {
                throw SQLiteError("sqlite.binding",
                                  "`\(SQLiteError.abbreviated(sql))` has no parameter named '\(name)'")
            }
            try bind(value, at: index)
        }
    }

    /// Runs one step: the next row, or `nil` when the statement is done.
    func step() throws -> SQLiteRow? {
        let result = sqlite3_step(pointer)
        switch result {
        case SQLITE_ROW:
            return SQLiteRow(columns: columns, values: (0..<columns.count).map { column(Int32($0)) })
        case SQLITE_DONE:
            return nil
        default:
            let error = failure(result, "could not run `\(SQLiteError.abbreviated(sql))`")
            sqlite3_reset(pointer)
            throw error
        }
    }

    /// Steps to the end, collecting rows, and resets so the statement releases its read lock.
    func all() throws -> [SQLiteRow] {
        defer { sqlite3_reset(pointer) }
        var rows: [SQLiteRow] = []
        while let row = try step() { rows.append(row) }
        return rows
    }

    /// Steps to the end and reports the changes the statement made.
    func run() throws -> SQLiteRunResult {
        defer { sqlite3_reset(pointer) }
        while try step() != nil {}
        let connection = sqlite3_db_handle(pointer)
        return SQLiteRunResult(changes: Int(sqlite3_changes64(connection)),
                               lastInsertRowID: sqlite3_last_insert_rowid(connection))
    }

    func reset() {
        sqlite3_reset(pointer)
    }

    private func prepareForBinding() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws {
        let result: Int32
        switch value {
        case .null:
            result = sqlite3_bind_null(pointer, index)
        case .integer(let integer):
            result = sqlite3_bind_int64(pointer, index, integer)
        case .real(let real):
            result = sqlite3_bind_double(pointer, index, real)
        case .text(let text):
            // A nil pointer would bind NULL, so the empty string goes through a literal.
            var text = text
            result = text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_text(pointer, index, "", 0, baas_sqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text64(pointer, index, $0, UInt64(bytes.count), baas_sqlite_transient(),
                                        UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let blob):
            // A nil pointer would bind NULL, so the empty blob is a zero-length zeroblob.
            result = blob.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_zeroblob(pointer, index, 0)
                }
                return sqlite3_bind_blob64(pointer, index, base, UInt64(bytes.count), baas_sqlite_transient())
            }
        }
        if result != SQLITE_OK {
            throw failure(result, "could not bind parameter \(index) of `\(SQLiteError.abbreviated(sql))`")
        }
    }

    private func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(pointer, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(pointer, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(pointer, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(pointer, index))
            guard let base = sqlite3_column_text(pointer, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(pointer, index))
            guard let base = sqlite3_column_blob(pointer, index), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default:
            return .null
        }
    }

    private func failure(_ result: Int32, _ context: String) -> SQLiteError {
        let detail = sqlite3_errmsg(sqlite3_db_handle(pointer)).map { String(cString: $0) } ?? "unknown error"
        return SQLiteError.fromResult(result, detail: detail, context: context, path: path)
    }
}
