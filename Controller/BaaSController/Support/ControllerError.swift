import BaaSCore

/// Every failure of the controller's domain: a stable code, an operator message and the HTTP
/// status the REST API answers with.
///
/// Errors compare by code only. Messages never contain a password, token or TOTP code. A resource of
/// another tenant is reported exactly like a missing one (`notFound`), so existence does not leak.
public struct ControllerError: OperatorError, Equatable {
    public let code: String
    public let message: String
    /// The HTTP status: 400, 401, 403, 404, 409, 422, 423 or 429 (500 for the controller's own faults).
    public let status: Int
    /// For 423 and 429: seconds until a retry can succeed (the `Retry-After` header).
    public var retryAfterSeconds: Int?

    public init(_ code: String, _ message: String, status: Int, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func == (a: ControllerError, b: ControllerError) -> Bool { a.code == b.code }

    /// 400: the request cannot be parsed or has fields of the wrong type.
    public static func badRequest(_ code: String, _ message: String) -> ControllerError {
        ControllerError("controller.\(code)", message, status: 400)
    }

    /// 401: no valid credentials (wrong password, expired or revoked session, bad TOTP code).
    public static func unauthorized(_ code: String, _ message: String) -> ControllerError {
        ControllerError("controller.\(code)", message, status: 401)
    }

    /// 403: the caller is known but its role or token scope does not allow the action.
    public static func forbidden(_ code: String, _ message: String) -> ControllerError {
        ControllerError("controller.\(code)", message, status: 403)
    }

    /// 404: the resource does not exist or belongs to another tenant.
    public static func notFound(_ kind: String) -> ControllerError {
        ControllerError("controller.not_found", "No such \(kind); check the id, and that it belongs to your tenant.", status: 404)
    }

    /// 409: the request conflicts with existing state (a name already taken).
    public static func conflict(_ code: String, _ message: String) -> ControllerError {
        ControllerError("controller.\(code)", message, status: 409)
    }

    /// 422: well-formed but invalid values (a weak password, an unknown role).
    public static func invalid(_ code: String, _ message: String) -> ControllerError {
        ControllerError("controller.\(code)", message, status: 422)
    }

    /// 423: the account is locked after too many failed logins.
    public static func locked(_ message: String, retryAfterSeconds: Int? = nil) -> ControllerError {
        ControllerError("controller.account_locked", message, status: 423, retryAfterSeconds: retryAfterSeconds)
    }

    /// 429: too many attempts from one source address.
    public static func tooManyRequests(_ message: String, retryAfterSeconds: Int? = nil) -> ControllerError {
        ControllerError("controller.too_many_requests", message, status: 429, retryAfterSeconds: retryAfterSeconds)
    }

    /// 500: a failure of the controller itself (storage, crypto), not of the request.
    public static func `internal`(_ code: String, _ message: String) -> ControllerError {
        ControllerError("controller.\(code)", message, status: 500)
    }
}

extension ControllerError {
    static func tenantExists(_ name: String) -> ControllerError {
        .conflict("tenant_exists", "A tenant named '\(name)' already exists; choose another name.")
    }

    static func usernameTaken(_ username: String) -> ControllerError {
        .conflict("username_taken", "The username '\(username)' is taken; choose another.")
    }
}
