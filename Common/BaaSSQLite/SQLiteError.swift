import BaaSCore

/// Every failure of BaaSSQLite, carrying SQLite's own message where there is one.
public struct SQLiteError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: SQLiteError, b: SQLiteError) -> Bool { a.code == b.code }
}
