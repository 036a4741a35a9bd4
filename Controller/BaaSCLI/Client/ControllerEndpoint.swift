/// A controller address such as `https://controller.example:8443` split into what a connection needs.
public struct ControllerEndpoint: Sendable, Equatable {
    public var secure: Bool
    public var host: String
    public var port: UInt16

    public init(secure: Bool, host: String, port: UInt16) {
        self.secure = secure
        self.host = host
        self.port = port
    }

    /// Parses `http[s]://host[:port][/]`; the port defaults to 443 or 80, IPv6 hosts go in brackets.
    /// - Throws: `CLIError.usage` for anything else.
    public init(_ url: String) throws {
        let wrong = CLIError.usage("'\(url)' is not a controller address; use https://HOST:PORT as printed by 'baas-controller serve' (api: …).")
        var rest = Substring(url)
        if rest.hasPrefix("https://") {
            secure = true
            rest = rest.dropFirst(8)
        } else if rest.hasPrefix("http://") {
            secure = false
            rest = rest.dropFirst(7)
        } else {
            throw wrong
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@") else { throw wrong }
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw wrong }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw wrong }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            host = String(rest)
        }
        guard !host.isEmpty else { throw wrong }
        if let portText {
            guard let value = UInt16(portText), value > 0 else { throw wrong }
            port = value
        } else {
            port = secure ? 443 : 80
        }
    }
}
