import Foundation

/// Who is acting: an authenticated user and the credential they presented.
public struct Principal: Sendable, Equatable {
    /// How the principal authenticated.
    public enum Credential: Sendable, Equatable {
        /// A login session; `secondFactorAt` is when TOTP was last proved in it.
        case session(id: String, secondFactorAt: Date?)
        /// An API token narrowed to `scopes`; never a second factor.
        case token(id: String, scopes: [TokenScope])
        /// The controller itself (bootstrap, maintenance); never used for a request.
        case system
    }

    public var userID: String
    public var username: String
    public var tenantID: String?
    public var role: Role
    public var credential: Credential
    /// Whether the user has a confirmed TOTP enrolment.
    public var totpEnabled: Bool
    /// The client's address as the server saw it; recorded in the audit log.
    public var sourceAddress: String

    public init(userID: String, username: String, tenantID: String?, role: Role, credential: Credential,
                totpEnabled: Bool, sourceAddress: String) {
        self.userID = userID
        self.username = username
        self.tenantID = tenantID
        self.role = role
        self.credential = credential
        self.totpEnabled = totpEnabled
        self.sourceAddress = sourceAddress
    }

    /// The controller acting on its own behalf, as a platform admin with a fresh second factor.
    public static func system(sourceAddress: String = "local") -> Principal {
        Principal(userID: "system", username: "system", tenantID: nil, role: .platformAdmin,
                  credential: .system, totpEnabled: true, sourceAddress: sourceAddress)
    }

    /// The principal for `user` authenticated by `credential`.
    public init(user: User, credential: Credential, sourceAddress: String) {
        self.init(userID: user.id, username: user.username, tenantID: user.tenantID, role: user.role,
                  credential: credential, totpEnabled: user.totpEnabled, sourceAddress: sourceAddress)
    }

    /// The session id when the principal logged in with a session.
    public var sessionID: String? {
        if case .session(let id, _) = credential { return id }
        return nil
    }
}
