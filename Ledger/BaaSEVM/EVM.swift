/// The Ethereum virtual machine used by the built-in ledger's contracts.
public enum EVM {}
