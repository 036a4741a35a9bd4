/// An error an operator can act on: a stable machine-readable code and a message that says what
/// happened and what to do. Every module has one error type conforming to this protocol.
///
/// Errors compare by code only, so tests can assert a specific failure without matching prose.
/// A message never contains a secret (password, PIN, token, private key).
public protocol OperatorError: Error, CustomStringConvertible, Sendable {
    /// A stable identifier such as `crypto.malformed_pem`.
    var code: String { get }
    /// One or two sentences for a person: what went wrong and what to do about it.
    var message: String { get }
}

extension OperatorError {
    public var description: String { "\(message) [\(code)]" }
}
