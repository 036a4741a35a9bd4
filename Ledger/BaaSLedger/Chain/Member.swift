/// A node of the network: its Raft id, its role and its certificate from the network CA (DER).
public struct Member: Sendable, Hashable {
    /// The node's id in consensus (non-zero, unique in the network).
    public var nodeID: UInt64
    public var role: NodeRole
    /// The node's certificate, DER.
    public var certificate: [UInt8]

    public init(nodeID: UInt64, role: NodeRole, certificate: [UInt8]) {
        self.nodeID = nodeID
        self.role = role
        self.certificate = certificate
    }

    func encode(to w: inout BinaryWriter) {
        w.varint(nodeID)
        w.u8(role.tag)
        w.byteString(certificate)
    }

    init(from r: inout BinaryReader) throws {
        nodeID = try r.varint()
        role = try NodeRole(tag: r.u8())
        certificate = try r.byteString(limit: Member.maxCertificateBytes)
    }

    /// Certificates larger than this are refused everywhere (a real one is under 2 KB).
    static let maxCertificateBytes = 16 * 1024
}
