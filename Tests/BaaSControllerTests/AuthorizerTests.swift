import BaaSController
import Foundation
import Testing

/// The permission table, tenant scoping, token scopes and step-up, decided by `Authorizer` alone.
struct AuthorizerTests {
    static let infrastructure = ["host", "network", "node", "contract", "transaction"]

    /// What each role may do inside its own tenant, written out independently of the implementation.
    static let expected: [Role: Set<String>] = {
        func cells(_ resources: [String], _ actions: [String]) -> Set<String> {
            Set(resources.flatMap { resource in actions.map { "\(resource):\($0)" } })
        }
        let everything = cells(Resource.allCases.map(\.rawValue), Action.allCases.map(\.rawValue))
        let owner = cells(["tenant"], ["read", "update"])
            .union(cells(["user"], ["read", "create", "update", "delete", "change_role"]))
            .union(cells(["token"], ["read", "create", "delete"]))
            .union(cells(["audit"], ["read"]))
            .union(cells(infrastructure, ["read", "create", "update", "delete", "operate", "migrate"]))
            .union(cells(["ca"], ["read", "create", "update", "rotate"]))
        let admin = owner.subtracting(["tenant:update"])
        let operatorCells = cells(["tenant", "user", "ca"], ["read"])
            .union(cells(infrastructure, ["read", "create", "update", "operate", "migrate"]))
        let auditor = cells(Resource.allCases.map(\.rawValue), ["read"])
        let viewer = auditor.subtracting(["audit:read", "token:read"])
        return [.platformAdmin: everything, .tenantOwner: owner, .tenantAdmin: admin, .operator: operatorCells,
                .auditor: auditor, .viewer: viewer]
    }()

    let clock = ManualWallClock()

    func principal(_ role: Role, tenant: String? = "tenant-1", credential: Principal.Credential? = nil,
                   totp: Bool = true) -> Principal {
        Principal(userID: "usr_1", username: "someone", tenantID: role == .platformAdmin ? nil : tenant, role: role,
                  credential: credential ?? .session(id: "ses_1", secondFactorAt: clock.now()), totpEnabled: totp,
                  sourceAddress: "127.0.0.1")
    }

    @Test(arguments: Role.allCases)
    func roleMayDoExactlyWhatTheTableSays(role: Role) throws {
        let authorizer = Authorizer(clock: clock)
        for resource in Resource.allCases {
            for action in Action.allCases {
                let cell = "\(resource.rawValue):\(action.rawValue)"
                let allowed = Self.expected[role]!.contains(cell)
                do {
                    try authorizer.authorize(principal(role), action, resource, tenantID: "tenant-1")
                    #expect(allowed, "\(role) was allowed \(cell)")
                } catch let error as ControllerError {
                    #expect(!allowed, "\(role) was refused \(cell): \(error)")
                    #expect(error.status == 403)
                }
            }
        }
    }

    @Test(arguments: Role.allCases.filter(\.isTenantRole))
    func otherTenantsObjectsAreNotFoundNeverForbidden(role: Role) {
        let authorizer = Authorizer(clock: clock)
        for resource in Resource.allCases {
            for action in Action.allCases {
                for foreign in ["tenant-2", nil] as [String?] {
                    #expect(throws: ControllerError.notFound(resource.rawValue)) {
                        try authorizer.authorize(principal(role), action, resource, tenantID: foreign)
                    }
                }
            }
        }
    }

    @Test func platformAdminReachesEveryTenant() throws {
        let authorizer = Authorizer(clock: clock)
        try authorizer.authorize(principal(.platformAdmin), .delete, .network, tenantID: "tenant-2")
        try authorizer.authorizePlatform(principal(.platformAdmin), .create, .tenant)
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try authorizer.authorizePlatform(principal(.tenantOwner), .create, .tenant)
        }
    }

    @Test func everyoneManagesTheirOwnProfileAndTokens() throws {
        let authorizer = Authorizer(clock: clock)
        let viewer = principal(.viewer)
        for permission in [(Action.read, Resource.token), (.create, .token), (.delete, .token), (.update, .user)] {
            try authorizer.authorize(viewer, permission.0, permission.1, tenantID: "tenant-1", ownerID: viewer.userID)
            #expect(throws: ControllerError.forbidden("forbidden", "")) {
                try authorizer.authorize(viewer, permission.0, permission.1, tenantID: "tenant-1", ownerID: "usr_other")
            }
        }
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try authorizer.authorize(viewer, .changeRole, .user, tenantID: "tenant-1", ownerID: viewer.userID)
        }
    }

    @Test func tokenScopesNarrowTheRole() throws {
        let authorizer = Authorizer(clock: clock)
        let scoped = principal(.tenantOwner, credential: .token(id: "tok_1", scopes: [try TokenScope(parsing: "network:read"),
                                                                                     try TokenScope(parsing: "*:operate")]))
        try authorizer.authorize(scoped, .read, .network, tenantID: "tenant-1")
        try authorizer.authorize(scoped, .operate, .node, tenantID: "tenant-1")
        #expect(throws: ControllerError.forbidden("token_scope", "")) {
            try authorizer.authorize(scoped, .create, .network, tenantID: "tenant-1")
        }
        let viewerWithEverything = principal(.viewer, credential: .token(id: "tok_2", scopes: [.all]))
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try authorizer.authorize(viewerWithEverything, .create, .network, tenantID: "tenant-1")
        }
    }

    @Test(arguments: ["nodes:read", "network:fly", "network", "", "a:b:c"])
    func malformedScopesAreRejected(text: String) {
        #expect(throws: ControllerError.invalid("invalid_scope", "")) { try TokenScope(parsing: text) }
    }

    @Test func criticalOperationsNeedAFreshSecondFactor() throws {
        let authorizer = Authorizer(clock: clock, stepUpWindow: 300)
        let confirmedAt = clock.now()
        let fresh = principal(.tenantOwner, credential: .session(id: "ses_1", secondFactorAt: confirmedAt))
        for permission in Authorizer.critical where permission.resource != .tenant {
            try authorizer.authorize(fresh, permission.action, permission.resource, tenantID: "tenant-1")
        }
        clock.advance(by: 301)
        #expect(throws: ControllerError.forbidden("step_up_required", "")) {
            try authorizer.authorize(fresh, .delete, .network, tenantID: "tenant-1")
        }
        // Ordinary operations do not care how old the proof is.
        try authorizer.authorize(fresh, .create, .network, tenantID: "tenant-1")

        let neverConfirmed = principal(.tenantOwner, credential: .session(id: "ses_2", secondFactorAt: nil))
        #expect(throws: ControllerError.forbidden("step_up_required", "")) {
            try authorizer.authorize(neverConfirmed, .delete, .user, tenantID: "tenant-1")
        }
        let noTOTP = principal(.tenantOwner, totp: false)
        #expect(throws: ControllerError.forbidden("second_factor_not_enrolled", "")) {
            try authorizer.authorize(noTOTP, .rotate, .certificateAuthority, tenantID: "tenant-1")
        }
        let token = principal(.tenantOwner, credential: .token(id: "tok_1", scopes: [.all]))
        #expect(throws: ControllerError.forbidden("step_up_required", "")) {
            try authorizer.authorize(token, .migrate, .node, tenantID: "tenant-1")
        }
    }
}
