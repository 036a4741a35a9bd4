/// What the agent must keep running for one node: the program, its arguments and environment,
/// and its own working directory (which also holds its log file `node.log`).
///
/// Two specs that differ in anything are different processes: changing one restarts the node.
public struct NodeProcessSpec: Codable, Sendable, Equatable {
    public var id: String
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]
    public var workingDirectory: String

    public init(id: String, executable: String, arguments: [String] = [], environment: [String: String] = [:],
                workingDirectory: String) {
        self.id = id
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// Where the node's standard output and standard error go.
    public var logFile: String { workingDirectory + "/node.log" }
}
