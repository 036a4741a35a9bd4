/// Every failure of BaaSCore: logging set-up and service lifecycle.
///
/// Codes: `log.invalid_level` (a level name that is not one of trace … critical),
/// `lifecycle.shutdown_timeout` (services that did not stop within the grace period).
public struct CoreError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: CoreError, b: CoreError) -> Bool { a.code == b.code }
}
