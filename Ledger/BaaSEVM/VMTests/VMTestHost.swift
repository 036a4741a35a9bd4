/// The host of the legacy `VMTests`: nested calls and creations are not executed but recorded
/// (`callCreates`) and treated as succeeding with all their gas returned, as the format requires.
final class VMTestHost: EVMHost {
    struct CallCreate: Equatable {
        var data: [UInt8]
        /// Nil for a creation.
        var destination: EVMAddress?
        var gasLimit: Int64
        var value: UInt256
    }

    let state: WorldState
    let rules: EVMRules
    let context: EVMContext
    let analysisCache = CodeAnalysisCache(capacity: 64)
    private(set) var callCreates: [CallCreate] = []

    init(state: WorldState, rules: EVMRules, context: EVMContext) {
        self.state = state
        self.rules = rules
        self.context = context
    }

    /// What the vectors' filler (testeth) answered: Keccak-256 of the block number in decimal.
    func blockHash(number: UInt64) -> UInt256 {
        Keccak256.hashWord(Array(String(number).utf8))
    }

    func call(_ message: EVMMessage) -> EVMResult {
        callCreates.append(CallCreate(data: message.input, destination: message.isCreate ? nil : message.codeAddress,
                                      gasLimit: message.gas, value: message.value))
        guard message.isCreate else { return EVMResult(status: .success, gasLeft: message.gas) }
        let address = EVMAddress.forCreate(sender: message.sender, nonce: state.nonce(message.sender))
        return EVMResult(status: .success, gasLeft: message.gas, createdAddress: address)
    }
}
