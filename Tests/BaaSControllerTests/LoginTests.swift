import BaaSController
import Foundation
import Testing

/// Logins, sessions, lockout, throttling, TOTP and step-up, over a real SQLite file.
struct LoginTests {
    @Test(arguments: StoreKind.allCases)
    func rightPasswordOpensASessionThatAuthenticates(kind: StoreKind) throws {
        let world = try ControllerWorld(kind)
        let result = try world.domain.sessions.login(username: "A-Operator", password: ControllerWorld.password,
                                                     totp: nil, sourceAddress: "10.0.0.1")
        #expect(result.token.hasPrefix("bss_"))
        #expect(result.session.expiresAt == world.clock.now().addingTimeInterval(world.domain.policy.sessionLifetime))
        let principal = try world.domain.sessions.authenticate(bearer: result.token, sourceAddress: "10.0.0.1")
        #expect(principal.username == "a-operator")
        #expect(principal.role == .operator)
        #expect(principal.tenantID == world.tenantA.id)
        #expect(principal.sessionID == result.session.id)
    }

    @Test func wrongPasswordAndUnknownUserFailAlike() throws {
        let world = try ControllerWorld()
        let wrong = #expect(throws: ControllerError.self) {
            try world.domain.sessions.login(username: "a-viewer", password: "not the password", totp: nil, sourceAddress: "10.0.0.1")
        }
        let unknown = #expect(throws: ControllerError.self) {
            try world.domain.sessions.login(username: "nobody", password: "not the password", totp: nil, sourceAddress: "10.0.0.1")
        }
        #expect(wrong?.code == "controller.invalid_credentials")
        #expect(wrong?.status == 401)
        #expect(wrong?.message == unknown?.message)
        #expect(unknown?.code == wrong?.code)
    }

    @Test func accountLocksAfterRepeatedFailuresAndUnlocksAfterTheWindow() throws {
        var policy = SecurityPolicy()
        policy.maximumFailedLogins = 3
        policy.lockoutDuration = 600
        let world = try ControllerWorld(policy: policy)
        let sessions = world.domain.sessions
        for _ in 1...2 {
            #expect(throws: ControllerError.unauthorized("invalid_credentials", "")) {
                try sessions.login(username: "a-viewer", password: "wrong password!", totp: nil, sourceAddress: "10.0.0.1")
            }
        }
        let locked = #expect(throws: ControllerError.self) {
            try sessions.login(username: "a-viewer", password: "wrong password!", totp: nil, sourceAddress: "10.0.0.1")
        }
        #expect(locked?.code == "controller.account_locked")
        #expect(locked?.status == 423)
        let unlockTime = world.clock.now().addingTimeInterval(600).formatted(.iso8601)
        #expect(locked?.message.contains("locked until \(unlockTime)") == true)

        // Even the right password is refused while locked.
        world.clock.advance(by: 599)
        #expect(throws: ControllerError.locked("")) {
            try sessions.login(username: "a-viewer", password: ControllerWorld.password, totp: nil, sourceAddress: "10.0.0.1")
        }
        world.clock.advance(by: 2)
        _ = try sessions.login(username: "a-viewer", password: ControllerWorld.password, totp: nil, sourceAddress: "10.0.0.1")
    }

    @Test func anAdminPasswordResetLiftsALockout() throws {
        var policy = SecurityPolicy()
        policy.maximumFailedLogins = 2
        let world = try ControllerWorld(policy: policy)
        for _ in 1...2 {
            _ = try? world.domain.sessions.login(username: "a-viewer", password: "wrong password!", totp: nil, sourceAddress: "10.0.0.1")
        }
        #expect(throws: ControllerError.locked("")) { try world.principal("a-viewer") }
        let owner = try world.principal("a-tenant_owner")
        try world.domain.accounts.resetPassword(by: owner, userID: world.user("a-viewer").id, newPassword: "a brand new password")
        _ = try world.domain.sessions.login(username: "a-viewer", password: "a brand new password", totp: nil, sourceAddress: "10.0.0.1")
    }

    @Test func oneAddressIsThrottledAcrossAccounts() throws {
        var policy = SecurityPolicy()
        policy.maximumFailuresPerAddress = 4
        policy.throttleWindow = 60
        let world = try ControllerWorld(policy: policy)
        for name in ["a-viewer", "a-operator", "b-viewer", "b-operator"] {
            _ = try? world.domain.sessions.login(username: name, password: "wrong password!", totp: nil, sourceAddress: "192.0.2.9")
        }
        let throttled = #expect(throws: ControllerError.self) { try world.principal("a-auditor", from: "192.0.2.9") }
        #expect(throttled?.status == 429)
        // Another address is not affected, and the window passes.
        _ = try world.principal("a-auditor", from: "192.0.2.10")
        world.clock.advance(by: 61)
        _ = try world.principal("a-auditor", from: "192.0.2.9")
    }

    @Test(arguments: StoreKind.allCases)
    func expiredSessionIsRefused(kind: StoreKind) throws {
        let world = try ControllerWorld(kind)
        let result = try world.domain.sessions.login(username: "a-viewer", password: ControllerWorld.password, totp: nil, sourceAddress: "10.0.0.1")
        world.clock.advance(by: world.domain.policy.sessionLifetime - 1)
        _ = try world.domain.sessions.authenticate(bearer: result.token, sourceAddress: "10.0.0.1")
        world.clock.advance(by: 1)
        #expect(throws: ControllerError.unauthorized("session_expired", "")) {
            try world.domain.sessions.authenticate(bearer: result.token, sourceAddress: "10.0.0.1")
        }
    }

    @Test func loggedOutSessionIsRevoked() throws {
        let world = try ControllerWorld()
        let result = try world.domain.sessions.login(username: "a-viewer", password: ControllerWorld.password, totp: nil, sourceAddress: "10.0.0.1")
        let principal = try world.domain.sessions.authenticate(bearer: result.token, sourceAddress: "10.0.0.1")
        try world.domain.sessions.logout(principal)
        #expect(throws: ControllerError.unauthorized("session_revoked", "")) {
            try world.domain.sessions.authenticate(bearer: result.token, sourceAddress: "10.0.0.1")
        }
    }

    @Test(arguments: ["", "bss_", "bss_AAAA", "bat_AAAA", "Basic abc", "bss_" + String(repeating: "x", count: 43)])
    func madeUpBearerTokensAreInvalid(bearer: String) throws {
        let world = try ControllerWorld(populate: false)
        #expect(throws: ControllerError.unauthorized("invalid_token", "")) {
            try world.domain.sessions.authenticate(bearer: bearer, sourceAddress: "10.0.0.1")
        }
    }

    @Test func changingThePasswordEndsOtherSessionsButKeepsThisOne() throws {
        let world = try ControllerWorld()
        let other = try world.domain.sessions.login(username: "a-operator", password: ControllerWorld.password, totp: nil, sourceAddress: "10.0.0.1")
        let current = try world.principal("a-operator")
        #expect(throws: ControllerError.forbidden("wrong_password", "")) {
            try world.domain.accounts.changePassword(current, current: "not my password", new: "another long password")
        }
        try world.domain.accounts.changePassword(current, current: ControllerWorld.password, new: "another long password")
        #expect(throws: ControllerError.unauthorized("session_revoked", "")) {
            try world.domain.sessions.authenticate(bearer: other.token, sourceAddress: "10.0.0.1")
        }
        _ = try world.domain.accounts.me(current)
        #expect(throws: ControllerError.unauthorized("invalid_credentials", "")) { try world.principal("a-operator") }
        _ = try world.domain.sessions.login(username: "a-operator", password: "another long password", totp: nil, sourceAddress: "10.0.0.1")
    }

    @Test func weakPasswordsAreRefused() throws {
        let world = try ControllerWorld()
        let me = try world.principal("a-operator")
        #expect(throws: ControllerError.invalid("weak_password", "")) {
            try world.domain.accounts.changePassword(me, current: ControllerWorld.password, new: "short")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func enrolledTOTPIsRequiredAndCheckedAtLogin(kind: StoreKind) throws {
        let world = try ControllerWorld(kind)
        let seed = try world.principalWithTOTP("a-operator").seed
        let sessions = world.domain.sessions
        world.clock.advance(by: 30)

        #expect(throws: ControllerError.unauthorized("totp_required", "")) {
            try sessions.login(username: "a-operator", password: ControllerWorld.password, totp: nil, sourceAddress: "10.0.0.1")
        }
        #expect(throws: ControllerError.unauthorized("totp_invalid", "")) {
            try sessions.login(username: "a-operator", password: ControllerWorld.password, totp: "12345x", sourceAddress: "10.0.0.1")
        }
        let stale = try world.code(seed, offset: -90)
        #expect(throws: ControllerError.unauthorized("totp_invalid", "")) {
            try sessions.login(username: "a-operator", password: ControllerWorld.password, totp: stale, sourceAddress: "10.0.0.1")
        }
        // A right code with a wrong password reveals nothing about the code.
        #expect(throws: ControllerError.unauthorized("invalid_credentials", "")) {
            try sessions.login(username: "a-operator", password: "wrong password!", totp: try world.code(seed), sourceAddress: "10.0.0.1")
        }
        let code = try world.code(seed)
        let result = try sessions.login(username: "a-operator", password: ControllerWorld.password, totp: code, sourceAddress: "10.0.0.1")
        #expect(result.session.secondFactorAt == world.clock.now())
        #expect(throws: ControllerError.unauthorized("totp_replayed", "")) {
            try sessions.login(username: "a-operator", password: ControllerWorld.password, totp: code, sourceAddress: "10.0.0.1")
        }
        // The previous step's code is older than the one used: also a replay.
        #expect(throws: ControllerError.unauthorized("totp_replayed", "")) {
            try sessions.login(username: "a-operator", password: ControllerWorld.password, totp: try world.code(seed, offset: -30), sourceAddress: "10.0.0.1")
        }
        world.clock.advance(by: 30)
        _ = try sessions.login(username: "a-operator", password: ControllerWorld.password, totp: try world.code(seed), sourceAddress: "10.0.0.1")
    }

    @Test func wrongTOTPCodesCountTowardsTheLockout() throws {
        var policy = SecurityPolicy()
        policy.maximumFailedLogins = 3
        let world = try ControllerWorld(policy: policy)
        try world.principalWithTOTP("a-viewer")
        for _ in 1...2 {
            _ = try? world.domain.sessions.login(username: "a-viewer", password: ControllerWorld.password, totp: "000000", sourceAddress: "10.0.0.1")
        }
        #expect(throws: ControllerError.locked("")) {
            try world.domain.sessions.login(username: "a-viewer", password: ControllerWorld.password, totp: "000000", sourceAddress: "10.0.0.1")
        }
    }

    @Test func enrolmentNeedsAValidCodeBeforeItCounts() throws {
        let world = try ControllerWorld()
        let me = try world.principal("a-viewer")
        let enrolment = try world.domain.secondFactor.enrol(me)
        #expect(enrolment.uri.hasPrefix("otpauth://totp/BaaS%3Aa-viewer?secret=\(enrolment.secret)"))
        #expect(throws: ControllerError.unauthorized("totp_invalid", "")) {
            try world.domain.secondFactor.confirm(me, code: "000000")
        }
        // Not confirmed: logins still work without a code.
        _ = try world.principal("a-viewer")
        #expect(try world.domain.accounts.me(me).totpEnabled == false)
        try world.domain.secondFactor.confirm(me, code: try world.code(try Base32.decode(enrolment.secret)))
        #expect(try world.domain.accounts.me(me).totpEnabled)
        #expect(throws: ControllerError.conflict("totp_already_enabled", "")) { try world.domain.secondFactor.enrol(me) }
        #expect(throws: ControllerError.unauthorized("totp_required", "")) { try world.principal("a-viewer") }
    }

    @Test func criticalOperationsNeedAStepUpWithinTheWindow() throws {
        let world = try ControllerWorld()
        let victim = world.user("a-viewer").id
        // Without TOTP, a critical operation cannot be confirmed at all.
        let plain = try world.principal("a-tenant_owner")
        #expect(throws: ControllerError.forbidden("second_factor_not_enrolled", "")) {
            try world.domain.accounts.deleteUser(by: plain, userID: victim)
        }
        let (owner, seed, bearer) = try world.principalWithTOTP("a-tenant_owner")
        world.clock.advance(by: world.domain.policy.stepUpWindow + 1)
        #expect(throws: ControllerError.forbidden("step_up_required", "")) {
            try world.domain.accounts.deleteUser(by: owner, userID: victim)
        }
        #expect(throws: ControllerError.unauthorized("totp_invalid", "")) {
            try world.domain.sessions.stepUp(owner, code: "999999")
        }
        let session = try world.domain.sessions.stepUp(owner, code: try world.code(seed))
        #expect(session.secondFactorAt == world.clock.now())
        // The step-up is recorded in the session: authenticate again, as the next request would.
        let stepped = try world.domain.sessions.authenticate(bearer: bearer, sourceAddress: "127.0.0.1")
        try world.domain.accounts.deleteUser(by: stepped, userID: victim)
        #expect(throws: ControllerError.notFound("user")) { try world.domain.accounts.user(by: stepped, id: victim) }
    }

    @Test func usersEndTheirOwnSessionsEverywhereAndAdminsThoseOfLowerRanks() throws {
        let world = try ControllerWorld()
        let (first, me) = try world.session("a-operator")
        let (second, _) = try world.session("a-operator")
        try world.domain.accounts.revokeSessions(by: me, userID: me.userID)
        for bearer in [first, second] {
            #expect(throws: ControllerError.unauthorized("session_revoked", "")) {
                try world.domain.sessions.authenticate(bearer: bearer, sourceAddress: "127.0.0.1")
            }
        }
        let admin = try world.principal("a-tenant_admin")
        let (viewerBearer, _) = try world.session("a-viewer")
        try world.domain.accounts.revokeSessions(by: admin, userID: world.user("a-viewer").id)
        #expect(throws: ControllerError.unauthorized("session_revoked", "")) {
            try world.domain.sessions.authenticate(bearer: viewerBearer, sourceAddress: "127.0.0.1")
        }
        #expect(throws: ControllerError.forbidden("rank", "")) {
            try world.domain.accounts.revokeSessions(by: admin, userID: world.user("a-tenant_owner").id)
        }
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try world.domain.accounts.revokeSessions(by: try world.principal("a-auditor"), userID: world.user("a-viewer").id)
        }
    }
}
