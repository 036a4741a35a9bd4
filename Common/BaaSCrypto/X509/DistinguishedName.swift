/// An X.509 distinguished name with the attributes this platform uses.
///
/// Attributes are written in the order C, ST, L, O, OU, CN; `description` prints them the
/// RFC 4514 way (most specific first: `CN=node1,O=Acme,C=CN`).
public struct DistinguishedName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// CN.
    public var commonName: String?
    /// O.
    public var organization: String?
    /// OU.
    public var organizationalUnit: String?
    /// C: two letters (ISO 3166), or the name is rejected when a certificate is built.
    public var country: String?
    /// ST.
    public var stateOrProvince: String?
    /// L.
    public var locality: String?

    /// A name from its parts; every part is optional.
    public init(commonName: String? = nil, organization: String? = nil, organizationalUnit: String? = nil,
                country: String? = nil, stateOrProvince: String? = nil, locality: String? = nil) {
        self.commonName = commonName
        self.organization = organization
        self.organizationalUnit = organizationalUnit
        self.country = country
        self.stateOrProvince = stateOrProvince
        self.locality = locality
    }

    /// The attributes in encoding order (least specific first), with their short names.
    var attributes: [(String, String)] {
        [("C", country), ("ST", stateOrProvince), ("L", locality), ("O", organization),
         ("OU", organizationalUnit), ("CN", commonName)]
            .compactMap { name, value in value.map { (name, $0) } }
    }

    /// RFC 4514 text, e.g. `CN=node1,O=Acme`.
    public var description: String {
        attributes.reversed().map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: ",")
    }

    private static func escape(_ value: String) -> String {
        var out = ""
        for (index, char) in value.enumerated() {
            let special = ",+\"\\<>;".contains(char) || (index == 0 && (char == "#" || char == " "))
                || (index == value.count - 1 && char == " ")
            if special { out.append("\\") }
            out.append(char)
        }
        return out
    }
}
