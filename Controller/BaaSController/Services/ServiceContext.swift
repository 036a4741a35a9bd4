import BaaSCore
import Foundation

/// What every service shares: storage, crypto, time, rules, the authorizer and the audit log.
struct ServiceContext: Sendable {
    let store: any ControllerStore
    let crypto: any ControllerCryptography
    let clock: any WallClock
    let policy: SecurityPolicy
    let authorizer: Authorizer
    let audit: AuditLog

    /// Runs `body` and its audit entry in one transaction. When `body` throws, nothing it wrote
    /// stays, and the failure is recorded in a transaction of its own before the error is rethrown.
    /// `body` fills in the record's target and tenant as it learns them.
    func perform<T>(_ record: AuditRecord,
                    _ body: (any ControllerTransaction, inout AuditRecord) throws -> T) throws -> T {
        var record = record
        do {
            return try store.transaction { transaction in
                let value = try body(transaction, &record)
                try audit.append(record, in: transaction)
                return value
            }
        } catch {
            recordFailure(record, error)
            throw error
        }
    }

    /// Appends `record` with the error's code as its outcome, in a transaction of its own. A failure
    /// to append is dropped: the caller is about to report the original error, which matters more.
    func recordFailure(_ record: AuditRecord, _ error: any Error) {
        var record = record
        record.outcome = (error as? any OperatorError)?.code ?? "controller.internal_error"
        _ = try? audit.append(record)
    }

    /// The user `id` as `principal` may see it for `action`; another tenant's user is `notFound`.
    func visibleUser(_ id: String, by principal: Principal, for action: Action,
                     in transaction: any ControllerTransaction) throws -> User {
        guard let user = try transaction.user(id: id) else { throw ControllerError.notFound("user") }
        try authorizer.authorize(principal, action, .user, tenantID: user.tenantID, ownerID: user.id)
        return user
    }

    /// Checks a password against the policy.
    ///
    /// - Throws: `ControllerError` `weak_password` (422).
    func checkPassword(_ password: String) throws {
        guard password.count >= policy.minimumPasswordLength else {
            throw ControllerError.invalid("weak_password", "Passwords need at least \(policy.minimumPasswordLength) characters.")
        }
        guard password.utf8.count <= 1024 else {
            throw ControllerError.invalid("weak_password", "Passwords may have at most 1024 bytes.")
        }
    }

    func hashPassword(_ password: String) throws -> String {
        do {
            return try crypto.hashPassword(password)
        } catch {
            throw ControllerError.internal("password_hash_failed", "The password could not be hashed; check the controller's log.")
        }
    }

    func now() -> Date { clock.now() }
}
