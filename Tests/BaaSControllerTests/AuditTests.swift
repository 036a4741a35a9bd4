import BaaSController
import BaaSSQLite
import Foundation
import Testing

/// The hash-chained audit log over a real SQLite file: it records, filters, verifies, and reports
/// the first broken link when someone edits the file.
struct AuditTests {
    /// A world with some history: logins (one failed), a new user, a token, a profile change.
    func worldWithHistory() throws -> ControllerWorld {
        let world = try ControllerWorld()
        _ = try? world.domain.sessions.login(username: "a-viewer", password: "wrong password!", totp: nil, sourceAddress: "203.0.113.7")
        let owner = try world.principal("a-tenant_owner", from: "203.0.113.8")
        _ = try world.domain.accounts.createUser(by: owner, tenantID: nil,
                                                 NewUser(username: "a-new", password: "the new user's password", role: .operator))
        _ = try world.domain.tokens.create(by: owner, name: "deploy", scopes: ["*"], lifetime: nil)
        _ = try world.domain.accounts.updateProfile(by: owner, userID: owner.userID, displayName: "The Owner", email: nil)
        return world
    }

    @Test func everyOperationIsRecordedWithWhoWhatWhereAndOutcome() throws {
        let world = try worldWithHistory()
        let root = try world.principal("root")
        let entries = try world.domain.audit.entries(by: root, filter: AuditFilter(), page: PageRequest(limit: 500)).items
        let failedLogin = try #require(entries.first { $0.action == "session.login" && $0.outcome != "ok" })
        #expect(failedLogin.actorName == "a-viewer")
        #expect(failedLogin.outcome == "controller.invalid_credentials")
        #expect(failedLogin.sourceAddress == "203.0.113.7")
        #expect(failedLogin.tenantID == world.tenantA.id)

        let created = try #require(entries.first { $0.action == "user.create" && $0.parameters["username"] == "a-new" })
        #expect(created.actorID == world.user("a-tenant_owner").id)
        #expect(created.tenantID == world.tenantA.id)
        #expect(created.outcome == "ok")
        #expect(created.sourceAddress == "203.0.113.8")
        #expect(created.target.hasPrefix("usr_"))
        #expect(created.parameters["role"] == "operator")
        #expect(entries.map(\.sequence) == Array(1...Int64(entries.count)))
        let report = try world.domain.audit.verify(by: root)
        #expect(report.valid)
        #expect(report.entriesChecked == entries.count)
        #expect(report.firstBrokenSequence == nil)
    }

    @Test func secretsAreNeverStored() throws {
        let world = try ControllerWorld()
        let owner = try world.principal("a-tenant_owner")
        let (_, seed, _) = try world.principalWithTOTP("a-viewer")
        let issued = try world.domain.tokens.create(by: owner, name: "deploy", scopes: ["*"], lifetime: nil)
        try world.domain.accounts.resetPassword(by: owner, userID: world.user("a-operator").id, newPassword: "operator's fresh password")
        _ = try? world.domain.sessions.login(username: "a-auditor", password: "auditor typo password", totp: nil, sourceAddress: "127.0.0.1")
        world.clock.advance(by: 30)
        let code = try world.code(seed)
        let login = try world.domain.sessions.login(username: "a-viewer", password: ControllerWorld.password, totp: code, sourceAddress: "127.0.0.1")

        let bytes = try world.databaseBytes()
        for secret in [ControllerWorld.password, "operator's fresh password", "auditor typo password", issued.secret, login.token] {
            #expect(!bytes.contains(bytes: Array(secret.utf8)), "a secret is in the database file")
        }
        #expect(AuditLog.redact(["password": "p", "new_password": "p", "totp": "1", "api_token": "t", "name": "n"])
                == ["password": "[redacted]", "new_password": "[redacted]", "totp": "[redacted]", "api_token": "[redacted]", "name": "n"])
    }

    @Test func tamperingWithARowInTheFileIsReportedAsTheFirstBrokenLink() throws {
        let world = try worldWithHistory()
        let root = try world.principal("root")
        let total = try world.domain.audit.verify(by: root).entriesChecked
        #expect(total > 10)

        // Someone with write access to the file drops the append-only trigger and edits history.
        let intruder = try SQLiteDatabase(path: world.databasePath)
        try intruder.execute("DROP TRIGGER audit_log_append_only_update")
        try intruder.run("UPDATE audit_log SET actor_name = 'somebody else' WHERE sequence = 5")
        let report = try world.domain.audit.verify(by: root)
        #expect(!report.valid)
        #expect(report.firstBrokenSequence == 5)
        #expect(report.entriesChecked == 4)

        // Recomputing the edited row's hash only moves the break to the next link.
        let row = try #require(try intruder.queryFirst("SELECT * FROM audit_log WHERE sequence = 5"))
        var entry = try #require(try world.domain.audit.entries(by: root, filter: AuditFilter(), page: PageRequest(limit: 5)).items.last)
        #expect(entry.sequence == 5)
        entry.actorName = try row.string("actor_name")
        #expect(entry.actorName == "somebody else")
        try intruder.run("UPDATE audit_log SET hash = ? WHERE sequence = 5", [.blob(world.domain.audit.chainHash(of: entry))])
        #expect(try world.domain.audit.verify(by: root).firstBrokenSequence == 6)
    }

    @Test func deletingARowIsReported() throws {
        let world = try worldWithHistory()
        let root = try world.principal("root")
        let intruder = try SQLiteDatabase(path: world.databasePath)
        try intruder.execute("DROP TRIGGER audit_log_append_only_delete")
        try intruder.run("DELETE FROM audit_log WHERE sequence = 3")
        let report = try world.domain.audit.verify(by: root)
        #expect(report.firstBrokenSequence == 3)
        #expect(report.reason?.contains("missing") == true)
    }

    @Test func theDatabaseRefusesUpdatesAndDeletesOfTheLog() throws {
        let world = try worldWithHistory()
        let database = try SQLiteDatabase(path: world.databasePath)
        #expect(throws: SQLiteError.self) { try database.run("UPDATE audit_log SET outcome = 'ok'") }
        #expect(throws: SQLiteError.self) { try database.run("DELETE FROM audit_log") }
        #expect(try world.domain.audit.verify().valid)
    }

    @Test func filtersAndPagesNarrowTheLog() throws {
        let world = try worldWithHistory()
        let root = try world.principal("root")
        let audit = world.domain.audit
        let logins = try audit.entries(by: root, filter: AuditFilter(action: "session.login"), page: PageRequest(limit: 500)).items
        #expect(!logins.isEmpty)
        #expect(logins.allSatisfy { $0.action == "session.login" })
        let failures = try audit.entries(by: root, filter: AuditFilter(outcome: "controller.invalid_credentials"), page: PageRequest(limit: 500)).items
        #expect(failures.count == 1)
        let byOwner = try audit.entries(by: root, filter: AuditFilter(actorID: world.user("a-tenant_owner").id), page: PageRequest(limit: 500)).items
        #expect(Set(byOwner.map(\.action)) == ["session.login", "user.create", "token.create", "user.update"])
        let none = try audit.entries(by: root, filter: AuditFilter(since: world.clock.now().addingTimeInterval(1)), page: PageRequest()).items
        #expect(none.isEmpty)

        var pages: [[Int64]] = []
        var cursor: String?
        repeat {
            let page = try audit.entries(by: root, filter: AuditFilter(), page: PageRequest(limit: 4, cursor: cursor))
            pages.append(page.items.map(\.sequence))
            cursor = page.nextCursor
        } while cursor != nil
        #expect(pages.flatMap { $0 } == Array(1...Int64(pages.flatMap { $0 }.count)))
        #expect(throws: ControllerError.badRequest("invalid_cursor", "")) {
            try audit.entries(by: root, filter: AuditFilter(), page: PageRequest(cursor: "abc"))
        }
    }

    @Test(arguments: [(Role.tenantOwner, true), (.tenantAdmin, true), (.auditor, true), (.operator, false), (.viewer, false)])
    func onlyOwnersAdminsAndAuditorsReadTheTenantsLog(role: Role, allowed: Bool) throws {
        let world = try worldWithHistory()
        let principal = try world.principal("a-\(role.rawValue)")
        if allowed {
            let entries = try world.domain.audit.entries(by: principal, filter: AuditFilter(), page: PageRequest(limit: 500)).items
            #expect(!entries.isEmpty)
            #expect(entries.allSatisfy { $0.tenantID == world.tenantA.id })
            #expect(try world.domain.audit.verify(by: principal).valid)
        } else {
            #expect(throws: ControllerError.forbidden("forbidden", "")) {
                try world.domain.audit.entries(by: principal, filter: AuditFilter(), page: PageRequest())
            }
            #expect(throws: ControllerError.forbidden("forbidden", "")) { try world.domain.audit.verify(by: principal) }
        }
    }

    @Test func concurrentOperationsKeepOneUnbrokenChain() async throws {
        let world = try ControllerWorld()
        let principals = try ["a-viewer", "a-operator", "a-auditor", "b-viewer", "b-operator", "b-auditor"].map { try world.principal($0) }
        let before = try world.domain.audit.verify().entriesChecked
        let domain = world.domain
        await withTaskGroup(of: Void.self) { group in
            for principal in principals {
                group.addTask {
                    for round in 0..<10 {
                        _ = try? domain.accounts.updateProfile(by: principal, userID: principal.userID, displayName: "round \(round)", email: nil)
                    }
                }
            }
        }
        let report = try world.domain.audit.verify()
        #expect(report.valid)
        #expect(report.entriesChecked == before + principals.count * 10)
    }
}
