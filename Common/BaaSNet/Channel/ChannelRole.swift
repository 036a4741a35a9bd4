/// Which program speaks on a channel end; carried in the hello so a misdirected dial is obvious.
public enum ChannelRole: UInt8, Sendable, Hashable, CustomStringConvertible {
    case agent = 1
    case controller = 2
    /// Benchmarks and tests that are neither.
    case tool = 3

    public var description: String {
        switch self {
        case .agent: return "agent"
        case .controller: return "controller"
        case .tool: return "tool"
        }
    }
}
