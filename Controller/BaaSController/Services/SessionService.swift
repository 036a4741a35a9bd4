import Foundation

/// The result of a login: the bearer secret is shown here once and never again.
public struct LoginResult: Sendable {
    /// `bss_…`: send as `Authorization: Bearer <token>`.
    public var token: String
    public var session: Session
    public var user: UserView
}

/// Logins, logouts and turning a bearer secret into a `Principal`.
///
/// Login verifies the scrypt password hash, then the TOTP code when the user has enrolled one.
/// Consecutive failures lock the account for `SecurityPolicy.lockoutDuration`; failures from one
/// address beyond `maximumFailuresPerAddress` in `throttleWindow` get 429. An unknown username
/// fails exactly like a wrong password. Calls block (storage, scrypt).
public struct SessionService: Sendable {
    let context: ServiceContext
    let secondFactor: SecondFactorService
    let throttle: LoginThrottle
    /// Verified against when the username is unknown, so the answer takes as long as for a real user.
    let decoyHash: String

    init(context: ServiceContext, secondFactor: SecondFactorService) throws {
        self.context = context
        self.secondFactor = secondFactor
        self.throttle = LoginThrottle(limit: context.policy.maximumFailuresPerAddress, window: context.policy.throttleWindow)
        self.decoyHash = try context.hashPassword(hex(context.crypto.randomBytes(count: 16)))
    }

    private enum Outcome {
        case success(LoginResult)
        case failure(ControllerError)
    }

    /// Logs in with a username, password and (when enrolled) a TOTP code.
    ///
    /// - Throws: `ControllerError` `invalid_credentials` (401) for an unknown user or wrong password,
    ///   `totp_required` / `totp_invalid` / `totp_replayed` (401), `account_locked` (423, with the time
    ///   it unlocks), `too_many_requests` (429).
    public func login(username: String, password: String, totp: String?, sourceAddress: String) throws -> LoginResult {
        let now = context.now()
        let username = username.lowercased()
        var record = AuditRecord(actorID: "anonymous", actorName: username, tenantID: nil, action: "session.login",
                                 target: username, sourceAddress: sourceAddress)
        if let until = throttle.blockedUntil(sourceAddress, now: now) {
            let error = ControllerError.tooManyRequests("Too many failed logins from \(sourceAddress); try again after \(Self.format(until)).",
                                                        retryAfterSeconds: Self.seconds(from: now, to: until))
            context.recordFailure(record, error)
            throw error
        }
        let candidate = try context.store.transaction { try $0.user(username: username) }
        guard let candidate else {
            _ = try? context.crypto.verifyPassword(password, against: decoyHash)
            return try fail(.unauthorized("invalid_credentials", "Wrong username or password."), record: record, now: now)
        }
        record.actorID = candidate.id
        record.tenantID = candidate.tenantID
        if let until = candidate.lockedUntil, until > now {
            return try fail(Self.lockedError(until, now: now), record: record, now: now)
        }
        let passwordMatches = (try? context.crypto.verifyPassword(password, against: candidate.passwordHash)) ?? false

        let outcome: Outcome = try context.store.transaction { transaction in
            // The password was checked outside the transaction (scrypt is slow); if it changed since,
            // that check no longer holds.
            guard var user = try transaction.user(id: candidate.id), user.passwordHash == candidate.passwordHash else {
                return .failure(.unauthorized("invalid_credentials", "Wrong username or password."))
            }
            if let until = user.lockedUntil, until <= now {
                user.lockedUntil = nil
                user.failedLogins = 0
            }
            var failure: ControllerError?
            var secondFactorAt: Date?
            if !passwordMatches {
                failure = .unauthorized("invalid_credentials", "Wrong username or password.")
            } else if let secret = user.totpSecret {
                if let code = totp, !code.isEmpty {
                    do {
                        user.lastTOTPStep = try secondFactor.acceptedStep(code, secret: secret, lastStep: user.lastTOTPStep, at: now)
                        secondFactorAt = now
                    } catch let error as ControllerError {
                        failure = error
                    }
                } else {
                    // Asking for the code is a step of the protocol, not a failed guess.
                    try transaction.updateUser(user)
                    var failed = record
                    failed.outcome = "controller.totp_required"
                    try context.audit.append(failed, in: transaction)
                    return .failure(.unauthorized("totp_required", "This account needs a TOTP code; send it as 'totp' with the password."))
                }
            }
            if var failure {
                user.failedLogins += 1
                if user.failedLogins >= context.policy.maximumFailedLogins {
                    let until = now.addingTimeInterval(context.policy.lockoutDuration)
                    user.lockedUntil = until
                    user.failedLogins = 0
                    failure = Self.lockedError(until, now: now)
                }
                try transaction.updateUser(user)
                var failed = record
                failed.outcome = failure.code
                try context.audit.append(failed, in: transaction)
                return .failure(failure)
            }
            user.failedLogins = 0
            user.lockedUntil = nil
            try transaction.updateUser(user)
            let token = context.crypto.newSecret("bss")
            let session = Session(id: context.crypto.newID("ses"), userID: user.id,
                                  secretHash: context.crypto.secretHash(token), createdAt: now,
                                  expiresAt: now.addingTimeInterval(context.policy.sessionLifetime),
                                  secondFactorAt: secondFactorAt, sourceAddress: sourceAddress)
            try transaction.insertSession(session)
            var succeeded = record
            succeeded.target = session.id
            succeeded.parameters["second_factor"] = secondFactorAt == nil ? "no" : "totp"
            try context.audit.append(succeeded, in: transaction)
            return .success(LoginResult(token: token, session: session, user: user.view))
        }
        switch outcome {
        case .success(let result):
            return result
        case .failure(let error):
            if error.code != "controller.totp_required" { throttle.recordFailure(sourceAddress, now: now) }
            throw error
        }
    }

    /// The principal behind a bearer secret (`bss_…` session or `bat_…` API token).
    ///
    /// - Throws: `ControllerError` (401) `invalid_token`, `session_expired`, `session_revoked`,
    ///   `token_expired`, `token_revoked`.
    public func authenticate(bearer: String, sourceAddress: String) throws -> Principal {
        let now = context.now()
        let hash = context.crypto.secretHash(bearer)
        return try context.store.transaction { transaction in
            if bearer.hasPrefix("bss_") {
                guard let session = try transaction.session(secretHash: hash),
                      let user = try transaction.user(id: session.userID) else { throw Self.invalidToken }
                if session.revokedAt != nil {
                    throw ControllerError.unauthorized("session_revoked", "This session was ended (logout, password change or an admin); log in again.")
                }
                guard session.expiresAt > now else {
                    throw ControllerError.unauthorized("session_expired", "This session expired at \(Self.format(session.expiresAt)); log in again.")
                }
                return Principal(user: user, credential: .session(id: session.id, secondFactorAt: session.secondFactorAt),
                                 sourceAddress: sourceAddress)
            }
            if bearer.hasPrefix("bat_") {
                guard let token = try transaction.token(secretHash: hash),
                      let user = try transaction.user(id: token.userID) else { throw Self.invalidToken }
                if token.revokedAt != nil {
                    throw ControllerError.unauthorized("token_revoked", "API token '\(token.name)' was revoked; create a new one.")
                }
                guard token.expiresAt > now else {
                    throw ControllerError.unauthorized("token_expired", "API token '\(token.name)' expired at \(Self.format(token.expiresAt)); create a new one.")
                }
                return Principal(user: user, credential: .token(id: token.id, scopes: token.scopes), sourceAddress: sourceAddress)
            }
            throw Self.invalidToken
        }
    }

    /// Ends the principal's current session.
    ///
    /// - Throws: `ControllerError` `not_a_session` (400) when the principal used an API token.
    public func logout(_ principal: Principal) throws {
        guard let sessionID = principal.sessionID else {
            throw ControllerError.badRequest("not_a_session", "Only a login session can log out; revoke an API token with DELETE /v1/tokens/{id}.")
        }
        try context.perform(AuditRecord(principal, action: "session.logout", target: sessionID)) { transaction, _ in
            guard var session = try transaction.session(id: sessionID) else { throw ControllerError.notFound("session") }
            session.revokedAt = session.revokedAt ?? context.now()
            try transaction.updateSession(session)
        }
    }

    /// Proves a TOTP code inside the current session, so critical operations are allowed for the
    /// next `SecurityPolicy.stepUpWindow`.
    ///
    /// - Throws: `ControllerError` `not_a_session` (400), `second_factor_not_enrolled` (403),
    ///   `totp_invalid` / `totp_replayed` (401).
    public func stepUp(_ principal: Principal, code: String) throws -> Session {
        guard let sessionID = principal.sessionID else {
            throw ControllerError.badRequest("not_a_session", "A second factor can only be proved in a login session, not with an API token.")
        }
        let now = context.now()
        return try context.perform(AuditRecord(principal, action: "session.step_up", target: sessionID)) { transaction, _ in
            guard var user = try transaction.user(id: principal.userID),
                  var session = try transaction.session(id: sessionID) else { throw Self.invalidToken }
            guard let secret = user.totpSecret else {
                throw ControllerError.forbidden("second_factor_not_enrolled", "Enrol TOTP first (POST /v1/users/me/totp).")
            }
            user.lastTOTPStep = try secondFactor.acceptedStep(code, secret: secret, lastStep: user.lastTOTPStep, at: now)
            session.secondFactorAt = now
            try transaction.updateUser(user)
            try transaction.updateSession(session)
            return session
        }
    }

    static let invalidToken = ControllerError.unauthorized("invalid_token", "The bearer token is not valid; log in again or check the API token.")

    static func lockedError(_ until: Date, now: Date) -> ControllerError {
        .locked("Too many failed logins; the account is locked until \(format(until)). Wait, or ask an admin to reset the password.",
                retryAfterSeconds: seconds(from: now, to: until))
    }

    static func seconds(from now: Date, to until: Date) -> Int {
        max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private func fail(_ error: ControllerError, record: AuditRecord, now: Date) throws -> LoginResult {
        context.recordFailure(record, error)
        throttle.recordFailure(record.sourceAddress, now: now)
        throw error
    }
}
