import Foundation

/// The tunable rules of accounts, sessions and tokens; the controller's config file sets them.
public struct SecurityPolicy: Sendable, Equatable {
    /// Whether anyone may create a tenant for themselves (`POST /v1/signup`).
    public var selfSignUp: Bool = false
    /// How long a login session lasts.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Consecutive failed logins that lock an account.
    public var maximumFailedLogins: Int = 5
    /// How long a locked account stays locked.
    public var lockoutDuration: TimeInterval = 15 * 60
    /// Failed logins one source address may make within `throttleWindow` before it gets 429.
    public var maximumFailuresPerAddress: Int = 20
    public var throttleWindow: TimeInterval = 5 * 60
    /// How long a proved second factor counts as fresh for critical operations.
    public var stepUpWindow: TimeInterval = 5 * 60
    /// API token lifetime when none is asked for, and the longest allowed.
    public var defaultTokenLifetime: TimeInterval = 90 * 86400
    public var maximumTokenLifetime: TimeInterval = 365 * 86400
    public var minimumPasswordLength: Int = 12

    public init() {}
}
