/// One page of a listing: the items and the cursor of the next page (nil on the last one).
public struct ListPage: Sendable, Equatable {
    public var items: [JSONValue]
    public var nextCursor: String?
    /// The answer as the controller sent it, for `--output json`.
    public var raw: JSONValue

    /// Reads `{"items": [...], "next_cursor": ...}`.
    /// - Throws: `CLIError.badResponse` when `items` is not an array.
    public init(_ answer: JSONValue) throws {
        guard case .array(let items) = answer["items"] else {
            throw CLIError.badResponse("The controller's listing has no items; check that --controller points at the BaaS controller.")
        }
        self.items = items
        nextCursor = answer["next_cursor"].string
        raw = answer
    }
}
