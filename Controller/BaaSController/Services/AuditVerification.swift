/// The result of checking the audit chain.
public struct AuditVerification: Sendable, Codable, Equatable {
    public var valid: Bool
    /// Entries checked and found sound before the first broken one.
    public var entriesChecked: Int
    /// The sequence number of the first broken link; `nil` when the chain is sound.
    public var firstBrokenSequence: Int64?
    /// What is wrong there.
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case valid, reason
        case entriesChecked = "entries_checked"
        case firstBrokenSequence = "first_broken_sequence"
    }
}
