import BaaSController
import Testing
import BaaSCrypto
import Foundation

/// Which store a test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case memory

    var testDescription: String { rawValue }
}

/// A controller domain over a real SQLite file (or memory), a manual clock and real OpenSSL crypto
/// with cheap scrypt costs, populated with a platform admin and two tenants, A and B, each holding
/// one user per tenant role.
final class ControllerWorld: @unchecked Sendable {
    static let password = "correct horse battery staple"
    static let tenantRoles: [Role] = [.tenantOwner, .tenantAdmin, .operator, .auditor, .viewer]

    let directory: TemporaryDirectory
    let clock = ManualWallClock(Date(timeIntervalSince1970: 1_800_000_000))
    let crypto = OpenSSLCryptography(passwordParameters: .init(logN: 10, r: 8, p: 1))
    let store: any ControllerStore
    let domain: ControllerDomain
    let databasePath: String
    private(set) var tenantA: Tenant!
    private(set) var tenantB: Tenant!
    /// Users by name: `root`, and `a-<role>` / `b-<role>` for every tenant role.
    private(set) var users: [String: UserView] = [:]

    init(_ kind: StoreKind = .sqlite, policy: SecurityPolicy = SecurityPolicy(), populate: Bool = true,
         wrap: (any ControllerStore) -> any ControllerStore = { $0 }) throws {
        directory = try TemporaryDirectory()
        databasePath = directory.file("controller.sqlite")
        let base: any ControllerStore = kind == .sqlite ? try SQLiteControllerStore(path: databasePath) : InMemoryControllerStore()
        store = wrap(base)
        domain = try ControllerDomain(store: store, crypto: crypto, clock: clock, policy: policy)
        guard populate else { return }
        users["root"] = try domain.accounts.bootstrapPlatformAdmin(username: "root", password: Self.password)
        let root = try principal("root")
        for name in ["a", "b"] {
            let (tenant, owner) = try domain.accounts.createTenant(
                by: root, name: "tenant-\(name)", displayName: "Tenant \(name.uppercased())",
                owner: NewUser(username: "\(name)-tenant_owner", password: Self.password, role: .tenantOwner))
            users[owner.username] = owner
            for role in Self.tenantRoles where role != .tenantOwner {
                let user = try domain.accounts.createUser(by: root, tenantID: tenant.id,
                                                          NewUser(username: "\(name)-\(role.rawValue)", password: Self.password, role: role))
                users[user.username] = user
            }
            if name == "a" { tenantA = tenant } else { tenantB = tenant }
        }
    }

    func user(_ name: String) -> UserView { users[name]! }

    /// Logs `name` in with the shared password and returns the principal of the new session.
    func principal(_ name: String, totp: String? = nil, from address: String = "127.0.0.1") throws -> Principal {
        try session(name, totp: totp, from: address).principal
    }

    /// Logs `name` in and returns the bearer secret with its principal.
    func session(_ name: String, totp: String? = nil, from address: String = "127.0.0.1") throws -> (bearer: String, principal: Principal) {
        let result = try domain.sessions.login(username: name, password: Self.password, totp: totp, sourceAddress: address)
        return (result.token, try domain.sessions.authenticate(bearer: result.token, sourceAddress: address))
    }

    /// Enrols TOTP for `name`, logs in again with a code, and returns the principal (second factor
    /// fresh), the seed and the session's bearer secret.
    @discardableResult
    func principalWithTOTP(_ name: String) throws -> (principal: Principal, seed: [UInt8], bearer: String) {
        let first = try principal(name)
        let enrolment = try domain.secondFactor.enrol(first)
        let seed = try Base32.decode(enrolment.secret)
        try domain.secondFactor.confirm(first, code: code(seed))
        clock.advance(by: 30)
        let second = try session(name, totp: try code(seed))
        return (second.principal, seed, second.bearer)
    }

    /// The current TOTP code for `seed`.
    func code(_ seed: [UInt8], offset: TimeInterval = 0) throws -> String {
        try TOTP().code(secret: seed, at: clock.now().addingTimeInterval(offset), crypto: crypto)
    }

    /// Every byte of the database file and its WAL, for proving that a secret was never stored.
    func databaseBytes() throws -> [UInt8] {
        var bytes: [UInt8] = []
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: databasePath + suffix) {
            bytes += try [UInt8](Data(contentsOf: URL(fileURLWithPath: databasePath + suffix)))
        }
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        let first = needle[0]
        var index = 0
        while index <= count - needle.count {
            if self[index] == first && Array(self[index..<index + needle.count]) == needle { return true }
            index += 1
        }
        return false
    }
}
