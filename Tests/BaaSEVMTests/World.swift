import BaaSEVM

/// A Shanghai executor over a fresh world with a funded sender and contracts already deployed.
struct World {
    let state = WorldState()
    let executor: EVMExecutor
    let sender = address("0x5e4de4")

    init(contracts: [EVMAddress: [UInt8]] = [:]) {
        executor = EVMExecutor(state: state, rules: .shanghai,
                               context: EVMContext(origin: sender, number: 10, timestamp: 1_700_000_000))
        state.setBalance(sender, UInt256(1_000_000))
        for (address, code) in contracts {
            state.setCode(address, code)
            state.setNonce(address, 1)
        }
        state.beginTransaction()
    }

    func call(_ target: EVMAddress, value: UInt64 = 0, input: [UInt8] = [], gas: Int64 = 1_000_000,
              isStatic: Bool = false) -> EVMResult {
        executor.execute(EVMMessage(kind: isStatic ? .staticCall : .call, isStatic: isStatic, gas: gas,
                                    recipient: target, sender: sender, value: UInt256(value), input: input))
    }

    func create(_ initCode: [UInt8], value: UInt64 = 0, gas: Int64 = 5_000_000) -> EVMResult {
        executor.execute(EVMMessage(kind: .create, gas: gas, recipient: .zero, sender: sender,
                                    value: UInt256(value), input: initCode))
    }

    func slot(_ address: EVMAddress, _ key: UInt64) -> UInt256 { state.storage(address, key: UInt256(key)) }
}
