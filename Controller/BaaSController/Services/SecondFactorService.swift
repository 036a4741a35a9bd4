import Foundation

/// What TOTP enrolment hands to the user once: the seed for their authenticator app.
public struct TOTPEnrolment: Sendable, Codable, Equatable {
    /// The seed in base32, for typing into an app.
    public var secret: String
    /// The `otpauth://` URI, for a QR code.
    public var uri: String
}

/// TOTP (RFC 6238: SHA-1, 30 s, 6 digits, ±1 step) enrolment, confirmation and removal, and the
/// code check shared by login and step-up. A code is accepted once: a step at or before the last
/// accepted one is a replay.
public struct SecondFactorService: Sendable {
    let context: ServiceContext
    public let totp = TOTP()
    public let issuer: String

    init(context: ServiceContext, issuer: String) {
        self.context = context
        self.issuer = issuer
    }

    /// Starts enrolment: a new random 20-byte seed, kept pending until `confirm` proves the user's
    /// app has it. Calling again replaces the pending seed.
    ///
    /// - Throws: `ControllerError` `totp_already_enabled` (409), `not_a_session` (400).
    public func enrol(_ principal: Principal) throws -> TOTPEnrolment {
        guard principal.sessionID != nil else {
            throw ControllerError.badRequest("not_a_session", "Enrol TOTP from a login session, not with an API token.")
        }
        let secret = context.crypto.randomBytes(count: 20)
        return try context.perform(AuditRecord(principal, action: "totp.enrol", target: principal.userID)) { transaction, _ in
            var user = try context.visibleUser(principal.userID, by: principal, for: .update, in: transaction)
            guard user.totpSecret == nil else {
                throw ControllerError.conflict("totp_already_enabled", "TOTP is already on for this account; remove it first to enrol a new device.")
            }
            user.pendingTOTPSecret = secret
            try transaction.updateUser(user)
            return TOTPEnrolment(secret: Base32.encode(secret),
                                 uri: totp.provisioningURI(secret: secret, account: user.username, issuer: issuer))
        }
    }

    /// Finishes enrolment with a code from the app; from then on logins need a code, and the current
    /// session counts as freshly confirmed.
    ///
    /// - Throws: `ControllerError` `no_pending_enrolment` (409), `totp_invalid` (401).
    public func confirm(_ principal: Principal, code: String) throws {
        let now = context.now()
        try context.perform(AuditRecord(principal, action: "totp.confirm", target: principal.userID)) { transaction, _ in
            var user = try context.visibleUser(principal.userID, by: principal, for: .update, in: transaction)
            guard let pending = user.pendingTOTPSecret else {
                throw ControllerError.conflict("no_pending_enrolment", "There is no TOTP enrolment to confirm; start one with POST /v1/users/me/totp.")
            }
            user.lastTOTPStep = try acceptedStep(code, secret: pending, lastStep: nil, at: now)
            user.totpSecret = pending
            user.pendingTOTPSecret = nil
            try transaction.updateUser(user)
            if let sessionID = principal.sessionID, var session = try transaction.session(id: sessionID) {
                session.secondFactorAt = now
                try transaction.updateSession(session)
            }
        }
    }

    /// Turns TOTP off for the principal, proved by a current code.
    ///
    /// - Throws: `ControllerError` `second_factor_not_enrolled` (403), `totp_invalid` / `totp_replayed` (401).
    public func disable(_ principal: Principal, code: String) throws {
        let now = context.now()
        try context.perform(AuditRecord(principal, action: "totp.disable", target: principal.userID)) { transaction, _ in
            var user = try context.visibleUser(principal.userID, by: principal, for: .update, in: transaction)
            guard let secret = user.totpSecret else {
                throw ControllerError.forbidden("second_factor_not_enrolled", "TOTP is not on for this account.")
            }
            _ = try acceptedStep(code, secret: secret, lastStep: user.lastTOTPStep, at: now)
            user.totpSecret = nil
            user.lastTOTPStep = nil
            try transaction.updateUser(user)
        }
    }

    /// The time step `code` proves, if it is valid now and newer than `lastStep`.
    ///
    /// - Throws: `ControllerError` `totp_invalid` or `totp_replayed` (401).
    func acceptedStep(_ code: String, secret: [UInt8], lastStep: Int64?, at date: Date) throws -> Int64 {
        let trimmed = code.filter { !$0.isWhitespace }
        guard trimmed.count == totp.digits, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber),
              let step = try totp.matchingStep(trimmed, secret: secret, at: date, crypto: context.crypto) else {
            throw ControllerError.unauthorized("totp_invalid", "The TOTP code is wrong or too old; use the current code from your authenticator app.")
        }
        if let lastStep, step <= lastStep {
            throw ControllerError.unauthorized("totp_replayed", "This TOTP code was already used; wait for the next one.")
        }
        return step
    }
}
