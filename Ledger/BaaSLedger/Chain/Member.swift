/// A node of the network: its Raft id, its role, its certificate from the network CA (DER) and
/// the `host:port` of its P2P listener, so that every node dials a member added later.
public struct Member: Sendable, Hashable {
    /// The node's id in consensus (non-zero, unique in the network).
    public var nodeID: UInt64
    public var role: NodeRole
    /// The node's certificate, DER.
    public var certificate: [UInt8]
    /// `host:port` of the node's P2P listener; empty when peers learn it from their configuration.
    public var p2pAddress: String

    public init(nodeID: UInt64, role: NodeRole, certificate: [UInt8], p2pAddress: String = "") {
        self.nodeID = nodeID
        self.role = role
        self.certificate = certificate
        self.p2pAddress = p2pAddress
    }

    func encode(to w: inout BinaryWriter) {
        w.varint(nodeID)
        w.u8(role.tag)
        w.byteString(certificate)
        w.byteString(Array(p2pAddress.utf8))
    }

    init(from r: inout BinaryReader) throws {
        nodeID = try r.varint()
        role = try NodeRole(tag: r.u8())
        certificate = try r.byteString(limit: Member.maxCertificateBytes)
        p2pAddress = try r.string(limit: Member.maxAddressBytes)
    }

    /// Certificates larger than this are refused everywhere (a real one is under 2 KB).
    static let maxCertificateBytes = 16 * 1024
    /// `host:port` longer than this is refused (a DNS name is at most 253 characters).
    static let maxAddressBytes = 300
}
