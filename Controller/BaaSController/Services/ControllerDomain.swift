/// The controller's core domain wired together: accounts, sessions, second factor, tokens, audit,
/// over one store, one crypto provider, one clock and one policy. The REST layer and tests build
/// one of these and call its services.
public struct ControllerDomain: Sendable {
    public let accounts: AccountService
    public let sessions: SessionService
    public let secondFactor: SecondFactorService
    public let tokens: TokenService
    public let audit: AuditLog
    public let authorizer: Authorizer
    public let policy: SecurityPolicy

    /// - Parameter issuer: the name authenticator apps show next to TOTP codes.
    /// - Throws: when the crypto provider cannot hash a password (checked at start-up).
    public init(store: any ControllerStore, crypto: any ControllerCryptography, clock: any WallClock,
                policy: SecurityPolicy = SecurityPolicy(), issuer: String = "BaaS") throws {
        let authorizer = Authorizer(clock: clock, stepUpWindow: policy.stepUpWindow)
        let audit = AuditLog(store: store, crypto: crypto, clock: clock, authorizer: authorizer)
        let context = ServiceContext(store: store, crypto: crypto, clock: clock, policy: policy,
                                     authorizer: authorizer, audit: audit)
        let secondFactor = SecondFactorService(context: context, issuer: issuer)
        self.accounts = AccountService(context: context)
        self.secondFactor = secondFactor
        self.sessions = try SessionService(context: context, secondFactor: secondFactor)
        self.tokens = TokenService(context: context)
        self.audit = audit
        self.authorizer = authorizer
        self.policy = policy
    }
}
