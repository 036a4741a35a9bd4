@testable import BaaSController
import BaaSCrypto
import Foundation
import Testing

/// Invitations to join a network (R5.1 join), on a controller with a manual clock: the refusals
/// that come before any host is asked for anything. The whole join, with agents and nodes, is
/// `EndToEndTests/JoinEndToEndTests`.
struct NetworkInvitationTests {
    static let password = "the admin's first password"

    struct World {
        let directory: TemporaryDirectory
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_800_000_000))
        let server: ControllerServer
        let ownerA: Principal
        let ownerB: Principal
        let network: Network

        init(status: String = "running") throws {
            directory = try TemporaryDirectory()
            let pki = try TestPKI.shared
            try pki.serverCertificatePEM.write(toFile: directory.file("tls.pem"), atomically: true, encoding: .utf8)
            try pki.serverKeyPEM.write(toFile: directory.file("tls.key"), atomically: true, encoding: .utf8)
            try "\(NetworkInvitationTests.password)\n".write(toFile: directory.file("admin-password"), atomically: true, encoding: .utf8)
            var configuration = ControllerConfiguration()
            try configuration.apply(flags: ["--database", directory.file("state.sqlite"), "--listen", "127.0.0.1:0",
                                            "--tls-certificate", directory.file("tls.pem"), "--tls-private-key", directory.file("tls.key"),
                                            "--admin-username", "root", "--admin-password-file", directory.file("admin-password")])
            server = try ControllerServer(configuration: configuration, clock: clock,
                                          crypto: OpenSSLCryptography(passwordParameters: .init(logN: 10, r: 8, p: 1)))
            let domain = server.domain
            func login(_ name: String) throws -> Principal {
                let result = try domain.sessions.login(username: name, password: NetworkInvitationTests.password, totp: nil,
                                                       sourceAddress: "127.0.0.1")
                return try domain.sessions.authenticate(bearer: result.token, sourceAddress: "127.0.0.1")
            }
            let root = try login("root")
            var owners: [String: Principal] = [:]
            var tenants: [String: Tenant] = [:]
            for name in ["a", "b"] {
                let (tenant, _) = try domain.accounts.createTenant(
                    by: root, name: "tenant-\(name)", displayName: "Tenant \(name)",
                    owner: NewUser(username: "\(name)-owner", password: NetworkInvitationTests.password, role: .tenantOwner))
                tenants[name] = tenant
                owners[name] = try login("\(name)-owner")
            }
            ownerA = owners["a"]!
            ownerB = owners["b"]!
            // A network of tenant A as a finished deployment leaves it (no hosts are needed for
            // the checks made before a join asks any host).
            network = Network(id: "net_invite", tenantID: tenants["a"]!.id, name: "shared", engine: "baas-ledger", version: "1",
                              consensus: "raft", crypto: "p256", blockIntervalMilliseconds: 100, maxTransactionsPerBlock: 500,
                              status: status, createdAt: clock.now(), chainID: "chain-invite", nodes: [])
            try server.networks.store.insert(network, secrets: NetworkSecrets())
        }

        func join(_ principal: Principal, code: String) -> ControllerError? {
            do {
                _ = try server.networks.join(by: principal, networkID: network.id,
                                             JoinNetworkRequest(code: code, nodes: [.init(host: "nowhere", role: "observer")]))
                return nil
            } catch let error as ControllerError {
                return error
            } catch {
                Issue.record("unexpected error \(error)")
                return nil
            }
        }
    }

    @Test func anExpiredCodeIsRefusedAndSaysToAskForANewOne() throws {
        let world = try World()
        let invitation = try world.server.networks.invite(by: world.ownerA, networkID: world.network.id, seconds: 60)
        #expect(invitation.code.hasPrefix("inv_"))
        world.clock.advance(by: 61)
        let error = try #require(world.join(world.ownerB, code: invitation.code))
        #expect(error.code == "controller.invitation_expired")
        #expect(error.status == 422)
        #expect(error.message.contains("ask the network's owner for a new one"))
        // A fresh invitation made after the first expired is valid: the next refusal is about the
        // host, which comes after every check of the code.
        let fresh = try world.server.networks.invite(by: world.ownerA, networkID: world.network.id, seconds: 60)
        let next = try #require(world.join(world.ownerB, code: fresh.code))
        #expect(next.code == "controller.no_matching_host", "\(next)")
    }

    @Test func aWrongCodeAndAnUnknownNetworkLookAlikeAndTheCodeIsNeverStored() throws {
        let world = try World()
        let invitation = try world.server.networks.invite(by: world.ownerA, networkID: world.network.id, seconds: nil)
        // One day by default.
        #expect(abs(invitation.expiresAt.timeIntervalSince(world.clock.now()) - 86_400) < 1)
        let wrong = try #require(world.join(world.ownerB, code: "inv_" + String(repeating: "0", count: 48)))
        #expect(wrong.code == "controller.invalid_invitation")
        let secrets = try world.server.networks.store.secrets(networkID: world.network.id)
        #expect(secrets.invitations?.count == 1)
        #expect(secrets.invitations?.first?.codeHash != invitation.code)
        let database = try Data(contentsOf: URL(fileURLWithPath: world.directory.file("state.sqlite")))
            + ((try? Data(contentsOf: URL(fileURLWithPath: world.directory.file("state.sqlite-wal")))) ?? Data())
        #expect(database.range(of: Data(invitation.code.utf8)) == nil, "the one-time code is stored only as its hash")
    }

    @Test func lifetimesOutsideOneMinuteToThirtyDaysAreRefused() throws {
        let world = try World()
        for seconds in [59, 30 * 86_400 + 1] {
            #expect(throws: ControllerError.self) {
                try world.server.networks.invite(by: world.ownerA, networkID: world.network.id, seconds: seconds)
            }
        }
    }

    @Test func theOwnTenantAndANetworkNotRunningAreRefused() throws {
        let world = try World()
        let invitation = try world.server.networks.invite(by: world.ownerA, networkID: world.network.id, seconds: 600)
        let own = try #require(world.join(world.ownerA, code: invitation.code))
        #expect(own.code == "controller.already_member")

        let stopped = try World(status: "failed")
        let refused = try #require(throws: ControllerError.self) {
            try stopped.server.networks.invite(by: stopped.ownerA, networkID: stopped.network.id, seconds: 600)
        }
        #expect(refused.code == "controller.network_not_running")
        // Tenant B may not invite to tenant A's network: it does not even see it.
        let foreign = try #require(throws: ControllerError.self) {
            try world.server.networks.invite(by: world.ownerB, networkID: world.network.id, seconds: 600)
        }
        #expect(foreign.status == 404)
    }
}
