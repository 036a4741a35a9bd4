import Foundation

/// Tenants and users: sign-up, creation by admins, sub-users, profiles, passwords, roles.
///
/// Every operation checks permissions through the `Authorizer`, runs in one transaction together
/// with its audit entry, and reports another tenant's objects as `notFound`. Calls block (storage,
/// and scrypt for passwords, which runs before the transaction so the write lock is not held).
public struct AccountService: Sendable {
    let context: ServiceContext

    init(context: ServiceContext) {
        self.context = context
    }

    // MARK: - Platform bootstrap and sign-up

    /// Creates the first platform admin when there is none; returns `nil` when one exists already.
    public func bootstrapPlatformAdmin(username: String, password: String) throws -> UserView? {
        let username = try Self.normalizedUsername(username)
        try context.checkPassword(password)
        let exists = try context.store.transaction { try $0.countUsers(tenantID: nil, role: .platformAdmin) > 0 }
        if exists { return nil }
        let hash = try context.hashPassword(password)
        let system = Principal.system()
        return try context.perform(AuditRecord(system, action: "user.bootstrap", target: username)) { transaction, record in
            guard try transaction.countUsers(tenantID: nil, role: .platformAdmin) == 0 else { return nil }
            let user = makeUser(NewUser(username: username, password: password, displayName: "Platform admin", role: .platformAdmin),
                                tenantID: nil, hash: hash)
            try transaction.insertUser(user)
            record.target = user.id
            return user.view
        }
    }

    /// Creates a tenant and its owner for someone who is not logged in, when the policy allows it.
    ///
    /// - Throws: `ControllerError` `sign_up_disabled` (403), `invalid_name` / `invalid_username` /
    ///   `weak_password` (422), `tenant_exists` / `username_taken` (409).
    public func signUp(tenantName: String, tenantDisplayName: String, owner: NewUser,
                       sourceAddress: String) throws -> (Tenant, UserView) {
        guard context.policy.selfSignUp else {
            throw ControllerError.forbidden("sign_up_disabled", "Self sign-up is switched off on this platform; ask a platform admin for an account.")
        }
        var owner = owner
        owner.role = .tenantOwner
        let record = AuditRecord(actorID: "anonymous", actorName: owner.username, tenantID: nil, action: "tenant.signup",
                                 target: tenantName, parameters: ["name": tenantName], sourceAddress: sourceAddress)
        return try createTenantAndOwner(record: record, name: tenantName, displayName: tenantDisplayName, owner: owner)
    }

    // MARK: - Tenants

    /// Creates a tenant and its first owner (platform admins only).
    public func createTenant(by principal: Principal, name: String, displayName: String,
                             owner: NewUser) throws -> (Tenant, UserView) {
        try context.authorizer.authorizePlatform(principal, .create, .tenant)
        var owner = owner
        owner.role = .tenantOwner
        let record = AuditRecord(principal, action: "tenant.create", target: name,
                                 parameters: ["name": name, "owner": owner.username])
        return try createTenantAndOwner(record: record, name: name, displayName: displayName, owner: owner)
    }

    /// The tenant `id`.
    public func tenant(by principal: Principal, id: String) throws -> Tenant {
        try context.store.transaction { transaction in
            guard let tenant = try transaction.tenant(id: id) else { throw ControllerError.notFound("tenant") }
            try context.authorizer.authorize(principal, .read, .tenant, tenantID: tenant.id)
            return tenant
        }
    }

    /// Every tenant for a platform admin; a tenant's own users see just their tenant.
    public func tenants(by principal: Principal, page: PageRequest) throws -> Page<Tenant> {
        try context.store.transaction { transaction in
            if principal.role != .platformAdmin {
                guard let tenantID = principal.tenantID, let own = try transaction.tenant(id: tenantID) else {
                    return Page(items: [], nextCursor: nil)
                }
                try context.authorizer.authorize(principal, .read, .tenant, tenantID: own.id)
                return Page(items: page.cursor == nil ? [own] : [], nextCursor: nil)
            }
            try context.authorizer.authorizePlatform(principal, .read, .tenant)
            let items = try transaction.tenants(after: page.cursor, limit: page.limit + 1)
            return Self.page(items, limit: page.limit, cursor: \.id)
        }
    }

    /// Changes a tenant's display name.
    public func updateTenant(by principal: Principal, id: String, displayName: String) throws -> Tenant {
        try context.perform(AuditRecord(principal, action: "tenant.update", target: id,
                                        parameters: ["display_name": displayName])) { transaction, record in
            guard var tenant = try transaction.tenant(id: id) else { throw ControllerError.notFound("tenant") }
            try context.authorizer.authorize(principal, .update, .tenant, tenantID: tenant.id)
            record.tenantID = tenant.id
            tenant.displayName = try Self.checkedDisplayName(displayName)
            try transaction.updateTenant(tenant)
            return tenant
        }
    }

    /// Deletes a tenant with all its users, sessions and tokens (platform admins, fresh second factor).
    public func deleteTenant(by principal: Principal, id: String) throws {
        try context.perform(AuditRecord(principal, action: "tenant.delete", target: id)) { transaction, record in
            guard let tenant = try transaction.tenant(id: id) else { throw ControllerError.notFound("tenant") }
            // Through the tenant-scoped check first, so another tenant's id is `notFound` as for a
            // missing one; the table lets only platform admins delete tenants.
            try context.authorizer.authorize(principal, .delete, .tenant, tenantID: tenant.id)
            record.tenantID = tenant.id
            record.parameters["name"] = tenant.name
            try transaction.deleteTenant(id: id)
        }
    }

    // MARK: - Users

    /// Creates a user in `tenantID` (the principal's own tenant when `nil`). Tenant owners and admins
    /// create sub-users with roles up to their own; platform admins create anyone, including other
    /// platform admins (`tenantID` `nil`, role `platformAdmin`).
    public func createUser(by principal: Principal, tenantID: String?, _ newUser: NewUser) throws -> UserView {
        let tenantID = principal.role == .platformAdmin ? tenantID : (tenantID ?? principal.tenantID)
        let username = try Self.normalizedUsername(newUser.username)
        try context.checkPassword(newUser.password)
        let displayName = try Self.checkedDisplayName(newUser.displayName)
        let email = try Self.checkedEmail(newUser.email)
        try Self.checkRolePlacement(newUser.role, tenantID: tenantID)
        let record = AuditRecord(principal, action: "user.create", target: username,
                                 parameters: ["username": username, "role": newUser.role.rawValue])
        let check = { (transaction: any ControllerTransaction) throws in
            if let tenantID {
                guard try transaction.tenant(id: tenantID) != nil else { throw ControllerError.notFound("tenant") }
                try context.authorizer.authorize(principal, .create, .user, tenantID: tenantID)
            } else {
                try context.authorizer.authorizePlatform(principal, .create, .user)
            }
            try Self.checkRank(principal, grants: newUser.role)
            if try transaction.user(username: username) != nil { throw ControllerError.usernameTaken(username) }
        }
        // Checked before the slow hash too, so a refused request does not cost a scrypt.
        do {
            try context.store.transaction(check)
        } catch {
            context.recordFailure(record, error)
            throw error
        }
        let hash = try context.hashPassword(newUser.password)
        return try context.perform(record) { transaction, record in
            try check(transaction)
            var candidate = newUser
            candidate.username = username
            candidate.displayName = displayName
            candidate.email = email
            let user = makeUser(candidate, tenantID: tenantID, hash: hash)
            try transaction.insertUser(user)
            record.tenantID = tenantID
            record.target = user.id
            return user.view
        }
    }

    /// The user `id`.
    public func user(by principal: Principal, id: String) throws -> UserView {
        try context.store.transaction { try context.visibleUser(id, by: principal, for: .read, in: $0).view }
    }

    /// The principal's own profile.
    public func me(_ principal: Principal) throws -> UserView {
        try user(by: principal, id: principal.userID)
    }

    /// Users of the principal's tenant; platform admins see every user, or those of `tenantID`.
    public func users(by principal: Principal, tenantID: String?, page: PageRequest) throws -> Page<UserView> {
        try context.store.transaction { transaction in
            let scope: String?
            if principal.role == .platformAdmin {
                scope = tenantID
                try context.authorizer.authorizePlatform(principal, .read, .user)
            } else {
                if let tenantID, tenantID != principal.tenantID { throw ControllerError.notFound("tenant") }
                scope = principal.tenantID
                try context.authorizer.authorize(principal, .read, .user, tenantID: principal.tenantID)
            }
            let items = try transaction.users(tenantID: scope, after: page.cursor, limit: page.limit + 1)
            let result = Self.page(items, limit: page.limit, cursor: \.id)
            return Page(items: result.items.map(\.view), nextCursor: result.nextCursor)
        }
    }

    /// Changes a user's display name and/or email (their own, or as an admin of their tenant).
    public func updateProfile(by principal: Principal, userID: String, displayName: String?,
                              email: String?) throws -> UserView {
        var parameters: [String: String] = [:]
        if let displayName { parameters["display_name"] = displayName }
        if let email { parameters["email"] = email }
        return try context.perform(AuditRecord(principal, action: "user.update", target: userID, parameters: parameters)) { transaction, record in
            var user = try context.visibleUser(userID, by: principal, for: .update, in: transaction)
            record.tenantID = user.tenantID
            if user.id != principal.userID { try Self.checkRank(principal, manages: user) }
            if let displayName { user.displayName = try Self.checkedDisplayName(displayName) }
            if let email { user.email = try Self.checkedEmail(email) }
            try transaction.updateUser(user)
            return user.view
        }
    }

    /// Changes the principal's own password after checking the current one; every other session
    /// of the user is revoked.
    ///
    /// - Throws: `ControllerError` `wrong_password` (403), `weak_password` (422).
    public func changePassword(_ principal: Principal, current: String, new: String) throws {
        try context.checkPassword(new)
        let stored = try context.store.transaction { try context.visibleUser(principal.userID, by: principal, for: .update, in: $0) }
        let matches = (try? context.crypto.verifyPassword(current, against: stored.passwordHash)) ?? false
        let record = AuditRecord(principal, action: "user.change_password", target: principal.userID)
        guard matches else {
            let error = ControllerError.forbidden("wrong_password", "The current password is wrong; your password was not changed.")
            context.recordFailure(record, error)
            throw error
        }
        let hash = try context.hashPassword(new)
        try context.perform(record) { transaction, record in
            var user = try context.visibleUser(principal.userID, by: principal, for: .update, in: transaction)
            record.tenantID = user.tenantID
            user.passwordHash = hash
            user.passwordChangedAt = context.now()
            try transaction.updateUser(user)
            try transaction.revokeSessions(userID: user.id, at: context.now(), keeping: principal.sessionID)
        }
    }

    /// Sets another user's password (tenant owners and admins for users ranked at or below them,
    /// platform admins for anyone); all the user's sessions are revoked and the lockout lifted.
    public func resetPassword(by principal: Principal, userID: String, newPassword: String) throws {
        try context.checkPassword(newPassword)
        let hash = try context.hashPassword(newPassword)
        try context.perform(AuditRecord(principal, action: "user.reset_password", target: userID)) { transaction, record in
            var user = try context.visibleUser(userID, by: principal, for: .update, in: transaction)
            record.tenantID = user.tenantID
            guard Authorizer.allows(principal.role, .update, on: .user) else {
                throw ControllerError.forbidden("forbidden", "Only tenant owners and admins may reset passwords; to change your own, use the password change.")
            }
            try Self.checkRank(principal, manages: user)
            user.passwordHash = hash
            user.passwordChangedAt = context.now()
            user.failedLogins = 0
            user.lockedUntil = nil
            try transaction.updateUser(user)
            try transaction.revokeSessions(userID: user.id, at: context.now(), keeping: nil)
        }
    }

    /// Ends every session of a user at once: their own ("log out everywhere"), or as an owner or admin
    /// for users ranked at or below them. API tokens are not affected; revoke those one by one.
    public func revokeSessions(by principal: Principal, userID: String) throws {
        try context.perform(AuditRecord(principal, action: "user.revoke_sessions", target: userID)) { transaction, record in
            let user = try context.visibleUser(userID, by: principal, for: .update, in: transaction)
            record.tenantID = user.tenantID
            if user.id != principal.userID { try Self.checkRank(principal, manages: user) }
            try transaction.revokeSessions(userID: user.id, at: context.now(), keeping: nil)
        }
    }

    /// Changes a user's role: a critical operation (fresh second factor). Nobody changes their own
    /// role, grants a role above their own, or removes a tenant's last owner.
    public func changeRole(by principal: Principal, userID: String, to role: Role) throws -> UserView {
        try context.perform(AuditRecord(principal, action: "user.change_role", target: userID,
                                        parameters: ["role": role.rawValue])) { transaction, record in
            var user = try context.visibleUser(userID, by: principal, for: .read, in: transaction)
            record.tenantID = user.tenantID
            try context.authorizer.authorize(principal, .changeRole, .user, tenantID: user.tenantID)
            guard user.id != principal.userID else {
                throw ControllerError.forbidden("own_role", "You cannot change your own role; ask another owner or admin.")
            }
            try Self.checkRank(principal, manages: user)
            try Self.checkRank(principal, grants: role)
            try Self.checkRolePlacement(role, tenantID: user.tenantID)
            record.parameters["previous_role"] = user.role.rawValue
            if user.role == .tenantOwner && role != .tenantOwner {
                try Self.checkNotLastOwner(user, in: transaction)
            }
            user.role = role
            try transaction.updateUser(user)
            return user.view
        }
    }

    /// Deletes a user with their sessions and tokens: a critical operation (fresh second factor).
    public func deleteUser(by principal: Principal, userID: String) throws {
        try context.perform(AuditRecord(principal, action: "user.delete", target: userID)) { transaction, record in
            let user = try context.visibleUser(userID, by: principal, for: .read, in: transaction)
            record.tenantID = user.tenantID
            record.parameters["username"] = user.username
            try context.authorizer.authorize(principal, .delete, .user, tenantID: user.tenantID)
            guard user.id != principal.userID else {
                throw ControllerError.forbidden("delete_self", "You cannot delete your own account; ask another owner or admin.")
            }
            try Self.checkRank(principal, manages: user)
            if user.role == .tenantOwner { try Self.checkNotLastOwner(user, in: transaction) }
            if user.role == .platformAdmin, try transaction.countUsers(tenantID: nil, role: .platformAdmin) <= 1 {
                throw ControllerError.conflict("last_platform_admin", "This is the last platform admin; create another one first.")
            }
            try transaction.deleteUser(id: user.id)
        }
    }

    // MARK: - Rules

    private func createTenantAndOwner(record: AuditRecord, name: String, displayName: String,
                                      owner: NewUser) throws -> (Tenant, UserView) {
        let name = try Self.checkedTenantName(name)
        let displayName = try Self.checkedDisplayName(displayName.isEmpty ? name : displayName)
        let username = try Self.normalizedUsername(owner.username)
        try context.checkPassword(owner.password)
        let email = try Self.checkedEmail(owner.email)
        let hash = try context.hashPassword(owner.password)
        return try context.perform(record) { transaction, record in
            if try transaction.tenant(named: name) != nil { throw ControllerError.tenantExists(name) }
            if try transaction.user(username: username) != nil { throw ControllerError.usernameTaken(username) }
            let tenant = Tenant(id: context.crypto.newID("ten"), name: name, displayName: displayName,
                                createdAt: context.now())
            try transaction.insertTenant(tenant)
            var candidate = owner
            candidate.username = username
            candidate.email = email
            let user = makeUser(candidate, tenantID: tenant.id, hash: hash)
            try transaction.insertUser(user)
            record.tenantID = tenant.id
            record.target = tenant.id
            return (tenant, user.view)
        }
    }

    private func makeUser(_ newUser: NewUser, tenantID: String?, hash: String) -> User {
        let now = context.now()
        return User(id: context.crypto.newID("usr"), tenantID: tenantID, username: newUser.username,
                    displayName: newUser.displayName.isEmpty ? newUser.username : newUser.displayName,
                    email: newUser.email, role: newUser.role, passwordHash: hash, createdAt: now, passwordChangedAt: now)
    }

    static func checkRank(_ principal: Principal, manages user: User) throws {
        guard principal.role == .platformAdmin || principal.role.rank >= user.role.rank else {
            throw ControllerError.forbidden("rank", "Your role '\(principal.role.rawValue)' may not manage a '\(user.role.rawValue)'; ask a tenant owner.")
        }
    }

    static func checkRank(_ principal: Principal, grants role: Role) throws {
        guard principal.role == .platformAdmin || principal.role.rank >= role.rank else {
            throw ControllerError.forbidden("rank", "Your role '\(principal.role.rawValue)' may not grant the role '\(role.rawValue)'.")
        }
    }

    static func checkRolePlacement(_ role: Role, tenantID: String?) throws {
        if role == .platformAdmin && tenantID != nil {
            throw ControllerError.invalid("invalid_role", "Platform admins belong to no tenant; create them without a tenant.")
        }
        if role != .platformAdmin && tenantID == nil {
            throw ControllerError.invalid("invalid_role", "The role '\(role.rawValue)' needs a tenant; give tenant_id.")
        }
    }

    static func checkNotLastOwner(_ user: User, in transaction: any ControllerTransaction) throws {
        if try transaction.countUsers(tenantID: user.tenantID, role: .tenantOwner) <= 1 {
            throw ControllerError.conflict("last_owner", "This is the tenant's last owner; make another user owner first.")
        }
    }

    static func normalizedUsername(_ username: String) throws -> String {
        let lowered = username.lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...64).contains(lowered.count), lowered.allSatisfy({ allowed.contains($0) }),
              let first = lowered.first, first.isLetter || first.isNumber else {
            throw ControllerError.invalid("invalid_username", "Usernames have 3 to 64 characters: letters, digits, '.', '_' and '-', starting with a letter or digit.")
        }
        return lowered
    }

    static func checkedTenantName(_ name: String) throws -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard (2...40).contains(name.count), name.allSatisfy({ allowed.contains($0) }), name.first != "-" else {
            throw ControllerError.invalid("invalid_name", "Tenant names have 2 to 40 characters: lower-case letters, digits and '-', not starting with '-'.")
        }
        return name
    }

    static func checkedDisplayName(_ name: String) throws -> String {
        guard name.count <= 200, !name.contains(where: { $0.isNewline }) else {
            throw ControllerError.invalid("invalid_display_name", "Display names have at most 200 characters and no line breaks.")
        }
        return name
    }

    static func checkedEmail(_ email: String) throws -> String {
        guard email.isEmpty || (email.count <= 254 && email.contains("@") && !email.contains(where: { $0.isWhitespace })) else {
            throw ControllerError.invalid("invalid_email", "'\(email)' is not an email address.")
        }
        return email
    }

    static func page<Item>(_ items: [Item], limit: Int, cursor: (Item) -> String) -> Page<Item> {
        let pageItems = Array(items.prefix(limit))
        return Page(items: pageItems, nextCursor: items.count > limit ? pageItems.last.map(cursor) : nil)
    }
}
