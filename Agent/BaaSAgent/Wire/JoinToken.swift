import FoundationEssentials

/// A one-time enrollment token as an operator copies it: `baas1.<id>.<secret>.<pin>`, where `pin`
/// is the lowercase hex SHA-256 of the controller's platform root certificate (DER). The agent
/// trusts the controller only if its root matches the pin, so the token alone bootstraps trust.
///
/// `description` hides the secret; the token never goes to a log.
public struct JoinToken: Sendable, Equatable, CustomStringConvertible {
    public static let prefix = "baas1"
    public var id: String
    public var secret: String
    public var controllerPinSHA256: String

    public init(id: String, secret: String, controllerPinSHA256: String) {
        self.id = id
        self.secret = secret
        self.controllerPinSHA256 = controllerPinSHA256
    }

    /// Parses the text form.
    ///
    /// - Throws: `AgentError` `agent.bad_token` telling what is wrong with the text.
    public init(parsing text: String) throws {
        let trimmed = text.filter { !$0.isWhitespace }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.prefix else {
            throw AgentError("agent.bad_token", "This is not a join token (expected baas1.<id>.<secret>.<pin>); copy it again from 'baasctl host join-token'.")
        }
        let pin = String(parts[3]).lowercased()
        guard pin.count == 64, pin.allSatisfy({ $0.isHexDigit }) else {
            throw AgentError("agent.bad_token", "The join token's controller pin is damaged (64 hex digits expected); copy the token again.")
        }
        guard !parts[1].isEmpty, !parts[2].isEmpty else {
            throw AgentError("agent.bad_token", "The join token has an empty id or secret; copy it again.")
        }
        self.init(id: String(parts[1]), secret: String(parts[2]), controllerPinSHA256: pin)
    }

    /// The text the operator copies.
    public var text: String { "\(Self.prefix).\(id).\(secret).\(controllerPinSHA256)" }

    public var description: String { "JoinToken(\(id), pin \(controllerPinSHA256.prefix(12))…)" }
}
