import BaaSEVM

extension Address {
    /// The address of the contract that `sender`'s `deploy` transaction with `nonce` creates:
    /// Ethereum's rule, the last 20 bytes of Keccak-256 over `rlp([sender, nonce])`. Senders'
    /// addresses themselves come from their public keys (`init(publicKey:)`), for P-256 and SM2 alike.
    public static func forDeployment(sender: Address, nonce: UInt64) -> Address {
        Address(EVMAddress.forCreate(sender: sender.evm, nonce: nonce))
    }

    /// The same 20 bytes as the EVM sees them.
    public var evm: EVMAddress { EVMAddress(bytes: bytes)! }

    /// The ledger address with the EVM address's 20 bytes.
    public init(_ evm: EVMAddress) {
        self.init(bytes: evm.bytes)!
    }
}
