import BaaSEVM

extension ABIValue {
    /// An `address` argument from a ledger address.
    public static func address(_ address: Address) -> ABIValue { .address(address.evm) }
}
