/// The version every BaaS program reports (`<program> version`) and sends in its first message.
public enum BaaSVersion {
    public static let current = "0.1.0"

    /// A `version` leaf command printing `<program> <version>`.
    public static func command(program: String) -> (String, CommandLineTool.Node) {
        ("version", .command(summary: "print the version", usage: "", action: { _ in
            print("\(program) \(current)")
            return .ok
        }))
    }
}
