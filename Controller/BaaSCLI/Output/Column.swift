/// One column of a table (or one line of a record): a header and the path of the field it shows.
public struct Column: Sendable, Equatable {
    public var header: String
    /// Member names from the item down to the value, e.g. `["tenant", "id"]`.
    public var path: [String]

    public init(_ header: String, _ path: String...) {
        self.header = header
        self.path = path
    }

    /// A column with the path as an array (for nested answers).
    public init(_ header: String, path: [String]) {
        self.header = header
        self.path = path
    }

    /// The cell text of this column for `item`.
    public func text(of item: JSONValue) -> String {
        path.reduce(item) { $0[$1] }.cellText
    }
}
