/// One page of a listing: `nextCursor` is `nil` on the last page; pass it back as `cursor`.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Where a listing starts and how long it is. Limits are clamped to 1…`maximumLimit`.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public var limit: Int
    /// The `nextCursor` of the previous page; `nil` for the first page.
    public var cursor: String?

    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = max(1, min(limit, PageRequest.maximumLimit))
        self.cursor = cursor
    }
}
