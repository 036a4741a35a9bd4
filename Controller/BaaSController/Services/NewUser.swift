/// What it takes to create a user.
public struct NewUser: Sendable {
    public var username: String
    public var password: String
    public var displayName: String
    public var email: String
    public var role: Role

    public init(username: String, password: String, displayName: String = "", email: String = "", role: Role) {
        self.username = username
        self.password = password
        self.displayName = displayName
        self.email = email
        self.role = role
    }
}
