/// What a transaction does.
public enum TransactionPayload: Sendable, Hashable {
    /// Moves `amount` of the native asset from the sender to `to`.
    case transfer(to: Address, amount: UInt64)
    /// Records `value` under `key` (notarisation). Only the key's first writer (or an admin) may
    /// overwrite or delete it later.
    case kvPut(key: [UInt8], value: [UInt8])
    /// Deletes `key`.
    case kvDelete(key: [UInt8])
    /// Adds a node to the network (admins only); its certificate must be issued by the network CA.
    case addMember(Member)
    /// Removes a node (admins only).
    case removeMember(nodeID: UInt64)
    /// Makes a node a validator or an observer (admins only).
    case changeRole(nodeID: UInt64, role: NodeRole)
    /// Sets one chain parameter (admins only).
    case setParameter(ChainParameters.Name, UInt64)
    /// Deploys an EVM contract: runs `code` (init code followed by the ABI-encoded constructor
    /// arguments) with up to `gasLimit` gas, moving `value` of the native asset to the new contract,
    /// whose address is `ContractAddress.forDeployment(sender:nonce:)`. See `ContractExecution`.
    case deploy(code: [UInt8], value: UInt64, gasLimit: UInt64)
    /// Calls the EVM contract at `contract` with call data `input` (selector and ABI-encoded
    /// arguments) and up to `gasLimit` gas, moving `value` to it.
    case call(contract: Address, input: [UInt8], value: UInt64, gasLimit: UInt64)

    /// The longest key `kvPut`/`kvDelete` accept.
    public static let maxKeyBytes = 256
    /// The longest init code or call data `deploy`/`call` accept when decoding (the chain's
    /// `maxTransactionBytes` is usually the tighter limit).
    public static let maxContractDataBytes = 1 << 20
    /// The version of the `deploy`/`call` encodings, written after their kind tag so fields can
    /// be added later without a new kind.
    static let contractEncodingVersion: UInt8 = 1

    /// A short name for receipts and logs.
    public var kindName: String {
        switch self {
        case .transfer: "transfer"
        case .kvPut: "kv_put"
        case .kvDelete: "kv_delete"
        case .addMember: "add_member"
        case .removeMember: "remove_member"
        case .changeRole: "change_role"
        case .setParameter: "set_parameter"
        case .deploy: "deploy"
        case .call: "call"
        }
    }

    /// Whether only a network admin may send it.
    public var requiresAdmin: Bool {
        switch self {
        case .transfer, .kvPut, .kvDelete, .deploy, .call: false
        case .addMember, .removeMember, .changeRole, .setParameter: true
        }
    }

    func encode(to w: inout BinaryWriter) {
        switch self {
        case let .transfer(to, amount):
            w.u8(1)
            w.fixed(to.bytes)
            w.varint(amount)
        case let .kvPut(key, value):
            w.u8(2)
            w.byteString(key)
            w.byteString(value)
        case let .kvDelete(key):
            w.u8(3)
            w.byteString(key)
        case let .addMember(member):
            w.u8(4)
            member.encode(to: &w)
        case let .removeMember(nodeID):
            w.u8(5)
            w.varint(nodeID)
        case let .changeRole(nodeID, role):
            w.u8(6)
            w.varint(nodeID)
            w.u8(role.tag)
        case let .setParameter(name, value):
            w.u8(7)
            w.u8(name.tag)
            w.varint(value)
        case let .deploy(code, value, gasLimit):
            w.u8(8)
            w.u8(Self.contractEncodingVersion)
            w.byteString(code)
            w.varint(value)
            w.varint(gasLimit)
        case let .call(contract, input, value, gasLimit):
            w.u8(9)
            w.u8(Self.contractEncodingVersion)
            w.fixed(contract.bytes)
            w.byteString(input)
            w.varint(value)
            w.varint(gasLimit)
        }
    }

    init(from r: inout BinaryReader) throws {
        let tag = try r.u8()
        switch tag {
        case 1:
            self = .transfer(to: Address(bytes: try r.fixed(20))!, amount: try r.varint())
        case 2:
            let key = try r.byteString(limit: Self.maxKeyBytes)
            self = .kvPut(key: key, value: try r.byteString())
        case 3:
            self = .kvDelete(key: try r.byteString(limit: Self.maxKeyBytes))
        case 4:
            self = .addMember(try Member(from: &r))
        case 5:
            self = .removeMember(nodeID: try r.varint())
        case 6:
            self = .changeRole(nodeID: try r.varint(), role: try NodeRole(tag: r.u8()))
        case 7:
            self = .setParameter(try ChainParameters.Name(tag: r.u8()), try r.varint())
        case 8:
            try Self.readContractVersion(&r)
            self = .deploy(code: try r.byteString(limit: Self.maxContractDataBytes), value: try r.varint(), gasLimit: try r.varint())
        case 9:
            try Self.readContractVersion(&r)
            let contract = Address(bytes: try r.fixed(20))!
            self = .call(contract: contract, input: try r.byteString(limit: Self.maxContractDataBytes),
                         value: try r.varint(), gasLimit: try r.varint())
        default:
            throw LedgerError.malformed("transaction kind \(tag)")
        }
    }

    private static func readContractVersion(_ r: inout BinaryReader) throws {
        let version = try r.u8()
        guard version == contractEncodingVersion else { throw LedgerError.malformed("contract payload version \(version)") }
    }
}
