import Foundation

/// The JSON bodies of the `/v1` API. Requests list their fields so unknown ones are refused
/// (`APIBody`); responses never carry a password hash, a TOTP seed or a stored secret hash.
protocol APIRequestBody: Decodable {
    /// Every field the body may have.
    static var fields: Set<String> { get }
}

struct LoginRequest: APIRequestBody {
    static let fields: Set<String> = ["username", "password", "totp"]
    var username: String
    var password: String
    var totp: String?
}

struct LoginResponse: Encodable {
    var token: String
    var expiresAt: Date
    var sessionID: String
    var user: UserView

    enum CodingKeys: String, CodingKey {
        case token, user
        case expiresAt = "expires_at"
        case sessionID = "session_id"
    }
}

struct StepUpRequest: APIRequestBody {
    static let fields: Set<String> = ["totp"]
    var totp: String
}

struct StepUpResponse: Encodable {
    var secondFactorAt: Date
    var validUntil: Date

    enum CodingKeys: String, CodingKey {
        case secondFactorAt = "second_factor_at"
        case validUntil = "valid_until"
    }
}

struct SignUpRequest: APIRequestBody {
    static let fields: Set<String> = ["tenant_name", "tenant_display_name", "username", "password", "email", "display_name"]
    var tenantName: String
    var tenantDisplayName: String?
    var username: String
    var password: String
    var email: String?
    var displayName: String?

    enum CodingKeys: String, CodingKey {
        case username, password, email
        case tenantName = "tenant_name"
        case tenantDisplayName = "tenant_display_name"
        case displayName = "display_name"
    }
}

struct OwnerRequest: Decodable {
    static let fields: Set<String> = ["username", "password", "email", "display_name"]
    var username: String
    var password: String
    var email: String?
    var displayName: String?

    enum CodingKeys: String, CodingKey {
        case username, password, email
        case displayName = "display_name"
    }
}

struct CreateTenantRequest: APIRequestBody {
    static let fields: Set<String> = ["name", "display_name", "owner"]
    var name: String
    var displayName: String?
    var owner: OwnerRequest

    enum CodingKeys: String, CodingKey {
        case name, owner
        case displayName = "display_name"
    }
}

struct CreatedTenantResponse: Encodable {
    var tenant: Tenant
    var owner: UserView
}

struct UpdateTenantRequest: APIRequestBody {
    static let fields: Set<String> = ["display_name"]
    var displayName: String

    enum CodingKeys: String, CodingKey {
        case displayName = "display_name"
    }
}

struct CreateUserRequest: APIRequestBody {
    static let fields: Set<String> = ["tenant_id", "username", "password", "role", "email", "display_name"]
    var tenantID: String?
    var username: String
    var password: String
    var role: String
    var email: String?
    var displayName: String?

    enum CodingKeys: String, CodingKey {
        case username, password, role, email
        case tenantID = "tenant_id"
        case displayName = "display_name"
    }
}

struct UpdateUserRequest: APIRequestBody {
    static let fields: Set<String> = ["display_name", "email"]
    var displayName: String?
    var email: String?

    enum CodingKeys: String, CodingKey {
        case email
        case displayName = "display_name"
    }
}

struct ChangePasswordRequest: APIRequestBody {
    static let fields: Set<String> = ["current_password", "new_password"]
    var currentPassword: String
    var newPassword: String

    enum CodingKeys: String, CodingKey {
        case currentPassword = "current_password"
        case newPassword = "new_password"
    }
}

struct ResetPasswordRequest: APIRequestBody {
    static let fields: Set<String> = ["new_password"]
    var newPassword: String

    enum CodingKeys: String, CodingKey {
        case newPassword = "new_password"
    }
}

struct ChangeRoleRequest: APIRequestBody {
    static let fields: Set<String> = ["role"]
    var role: String
}

struct TOTPCodeRequest: APIRequestBody {
    static let fields: Set<String> = ["code"]
    var code: String
}

struct CreateTokenRequest: APIRequestBody {
    static let fields: Set<String> = ["name", "scopes", "expires_in"]
    var name: String
    var scopes: [String]
    /// Seconds until the token expires.
    var expiresIn: Int?

    enum CodingKeys: String, CodingKey {
        case name, scopes
        case expiresIn = "expires_in"
    }
}

struct CreatedTokenResponse: Encodable {
    /// The bearer secret, shown this once.
    var secret: String
    var token: APITokenView
}

/// One page of a listing: `{"items": [...], "next_cursor": "..." | null}`.
struct PageResponse<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
