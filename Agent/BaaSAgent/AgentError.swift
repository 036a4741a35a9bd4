import BaaSCore

/// Every failure of the agent library: enrollment, session, supervisor, collectors, keys.
public struct AgentError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: AgentError, b: AgentError) -> Bool { a.code == b.code }
}
