import BaaSEVM

/// A minimal token: balances in storage keyed by address, `transfer(address,uint256)` that
/// reverts on overdraft, emits `Transfer(from,to,amount)` and returns true.
enum MiniToken {
    static let transferTopic = Keccak256.hashWord(Array("Transfer(address,address,uint256)".utf8))

    static let code = asm("""
        PUSH1 0x24 CALLDATALOAD CALLER SLOAD DUP2 DUP2 LT @overdraft JUMPI
        DUP2 SWAP1 SUB CALLER SSTORE
        PUSH1 0x04 CALLDATALOAD DUP1 SLOAD DUP3 ADD SWAP1 SSTORE
        PUSH0 MSTORE PUSH1 0x04 CALLDATALOAD CALLER PUSH32 \(Hex.encode(transferTopic.bigEndianBytes))
        PUSH1 0x20 PUSH0 LOG3
        PUSH1 0x01 PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN
        overdraft: PUSH0 PUSH0 REVERT
        """)
}
