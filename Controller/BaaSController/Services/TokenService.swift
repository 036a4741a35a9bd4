import Foundation

/// A new API token: the secret is in this value only, once.
public struct IssuedToken: Sendable {
    /// `bat_…`: send as `Authorization: Bearer <secret>`.
    public var secret: String
    public var token: APIToken
}

/// Scoped, expiring, revocable API tokens, stored as SHA-256 hashes of their secrets.
///
/// A token acts as its owner narrowed to its scopes; it cannot make other tokens (that needs a login
/// session) nor confirm critical operations. Everyone may manage their own tokens; owners, admins
/// (and, read-only, auditors) see the tenant's. Calls block on storage.
public struct TokenService: Sendable {
    let context: ServiceContext

    init(context: ServiceContext) {
        self.context = context
    }

    /// Creates a token for the principal.
    ///
    /// - Parameter lifetime: seconds until it expires; the policy's default when `nil`.
    /// - Throws: `ControllerError` `invalid_scope` / `invalid_lifetime` / `invalid_name` (422),
    ///   `not_a_session` (403) when called with an API token.
    public func create(by principal: Principal, name: String, scopes: [String], lifetime: TimeInterval?) throws -> IssuedToken {
        guard principal.sessionID != nil else {
            throw ControllerError.forbidden("not_a_session", "API tokens cannot create API tokens; log in to create one.")
        }
        guard (1...100).contains(name.count), !name.contains(where: { $0.isNewline }) else {
            throw ControllerError.invalid("invalid_name", "Token names have 1 to 100 characters and no line breaks.")
        }
        guard !scopes.isEmpty else {
            throw ControllerError.invalid("invalid_scope", "Give at least one scope, such as 'network:read' or '*'.")
        }
        let parsed = try scopes.map { try TokenScope(parsing: $0) }
        let lifetime = lifetime ?? context.policy.defaultTokenLifetime
        guard lifetime > 0, lifetime <= context.policy.maximumTokenLifetime else {
            throw ControllerError.invalid("invalid_lifetime", "Token lifetimes are between 1 second and \(Int(context.policy.maximumTokenLifetime / 86400)) days.")
        }
        let now = context.now()
        let secret = context.crypto.newSecret("bat")
        return try context.perform(AuditRecord(principal, action: "token.create", target: name,
                                               parameters: ["name": name, "scopes": parsed.map(\.description).joined(separator: " ")])) { transaction, record in
            try context.authorizer.authorize(principal, .create, .token, tenantID: principal.tenantID, ownerID: principal.userID)
            let token = APIToken(id: context.crypto.newID("tok"), userID: principal.userID, tenantID: principal.tenantID,
                                 name: name, scopes: parsed, secretHash: context.crypto.secretHash(secret),
                                 createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
            try transaction.insertToken(token)
            record.target = token.id
            return IssuedToken(secret: secret, token: token)
        }
    }

    /// The principal's own tokens, or with `token:read` (owners, admins, auditors) the whole tenant's;
    /// platform admins see every token.
    public func list(by principal: Principal, page: PageRequest) throws -> Page<APIToken> {
        try context.store.transaction { transaction in
            let tenantWide = Authorizer.allows(principal.role, .read, on: .token)
            if tenantWide {
                if principal.role == .platformAdmin {
                    try context.authorizer.authorizePlatform(principal, .read, .token)
                } else {
                    try context.authorizer.authorize(principal, .read, .token, tenantID: principal.tenantID)
                }
            } else {
                try context.authorizer.authorize(principal, .read, .token, tenantID: principal.tenantID, ownerID: principal.userID)
            }
            let items = try transaction.tokens(tenantID: principal.role == .platformAdmin ? nil : principal.tenantID,
                                               userID: tenantWide ? nil : principal.userID,
                                               after: page.cursor, limit: page.limit + 1)
            return AccountService.page(items, limit: page.limit, cursor: \.id)
        }
    }

    /// The token `id`.
    public func token(by principal: Principal, id: String) throws -> APIToken {
        try context.store.transaction { transaction in
            guard let token = try transaction.token(id: id) else { throw ControllerError.notFound("token") }
            try context.authorizer.authorize(principal, .read, .token, tenantID: token.tenantID, ownerID: token.userID)
            return token
        }
    }

    /// Revokes a token at once (its owner, or an owner/admin of its tenant).
    public func revoke(by principal: Principal, id: String) throws {
        try context.perform(AuditRecord(principal, action: "token.revoke", target: id)) { transaction, record in
            guard var token = try transaction.token(id: id) else { throw ControllerError.notFound("token") }
            try context.authorizer.authorize(principal, .delete, .token, tenantID: token.tenantID, ownerID: token.userID)
            record.tenantID = token.tenantID
            record.parameters["name"] = token.name
            if token.revokedAt == nil {
                token.revokedAt = context.now()
                try transaction.updateToken(token)
            }
        }
    }
}
