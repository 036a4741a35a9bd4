import BaaSCore

/// Every failure of `baasctl` that is not an API error: bad usage, unreadable files, an
/// unreachable controller, a garbled answer. Compares by code.
public struct CLIError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Wrong arguments: the command exits 2.
    public static func usage(_ message: String) -> CLIError { CLIError("cli.usage", message) }
    /// Settings that cannot work (no controller address, no token).
    public static func notConfigured(_ message: String) -> CLIError { CLIError("cli.not_configured", message) }
    /// A file that cannot be read or written.
    public static func file(_ message: String) -> CLIError { CLIError("cli.file", message) }
    /// The controller could not be reached or the TLS handshake failed.
    public static func unreachable(_ message: String) -> CLIError { CLIError("cli.unreachable", message) }
    /// The controller answered something that is not the API's shape.
    public static func badResponse(_ message: String) -> CLIError { CLIError("cli.bad_response", message) }

    /// Whether this is bad usage (exit 2) rather than a failure (exit 1).
    public var isUsage: Bool { code == "cli.usage" }

    public static func == (a: CLIError, b: CLIError) -> Bool { a.code == b.code }
}
