/// `CALL`, `CALLCODE`, `DELEGATECALL`, `STATICCALL`, `CREATE`, `CREATE2` and `SELFDESTRUCT`.
extension Frame {
    mutating func call(op: UInt8) -> EVMFailure? {
        let requested = pop()
        let target = EVMAddress(pop())
        let value = op == 0xf1 || op == 0xf2 ? pop() : .zero
        let inputOffset = pop(), inputSizeWord = pop(), outputOffset = pop(), outputSizeWord = pop()
        if op == 0xf1 && message.isStatic && !value.isZero { return .staticStateChange }
        guard accessAccount(target),
              let inputSize = Self.size(inputSizeWord), let outputSize = Self.size(outputSizeWord),
              expand(offset: inputOffset, size: inputSize), expand(offset: outputOffset, size: outputSize)
        else { return .outOfGas }
        var extra: Int64 = 0
        if !value.isZero { extra += 9000 }
        if op == 0xf1 {
            let newAccount = rules.emptyAccountCleanup ? !value.isZero && state.isEmpty(target) : !state.exists(target)
            if newAccount { extra += 25000 }
        }
        guard charge(extra) else { return .outOfGas }
        var callGas: Int64
        if rules.allButOneSixtyFourth {
            let cap = gas - gas / 64
            callGas = requested.fitsInUInt64 && requested.w0 < UInt64(cap) ? Int64(requested.w0) : cap
        } else {
            guard requested.fitsInUInt64, requested.w0 <= UInt64(gas) else { return .outOfGas }
            callGas = Int64(requested.w0)
        }
        gas -= callGas
        if !value.isZero { callGas += 2300 }
        let kind: EVMMessage.Kind
        switch op {
        case 0xf1: kind = .call
        case 0xf2: kind = .callCode
        case 0xf4: kind = .delegateCall
        default: kind = .staticCall
        }
        let nested = EVMMessage(
            kind: kind, isStatic: message.isStatic || op == 0xfa, depth: message.depth + 1, gas: callGas,
            recipient: op == 0xf1 || op == 0xfa ? target : message.recipient,
            sender: op == 0xf4 ? message.sender : message.recipient,
            value: op == 0xf4 ? message.value : value,
            input: memorySlice(inputOffset, inputSize), codeAddress: target)
        let result = host.call(nested)
        gas += result.gasLeft
        returnData = result.output
        if result.isSuccess { refund += result.gasRefund }
        let copied = Swift.min(outputSize, result.output.count)
        if copied > 0 { copyToMemory(Int(outputOffset.w0), from: result.output, at: .zero, size: copied) }
        push(result.isSuccess ? .one : .zero)
        return nil
    }

    mutating func create(op: UInt8) -> EVMFailure? {
        guard !message.isStatic else { return .staticStateChange }
        let value = pop(), offset = pop(), sizeWord = pop()
        let salt = op == 0xf5 ? pop() : .zero
        guard let size = Self.size(sizeWord), expand(offset: offset, size: size) else { return .outOfGas }
        if let limit = rules.maxInitCodeSize {
            guard size <= limit else { return .initCodeTooLarge }
            guard charge(2 * Self.words(size)) else { return .outOfGas }
        }
        if op == 0xf5 { guard charge(6 * Self.words(size)) else { return .outOfGas } }
        var callGas = gas
        if rules.allButOneSixtyFourth { callGas -= callGas / 64 }
        gas -= callGas
        let nested = EVMMessage(
            kind: op == 0xf5 ? .create2(salt: salt) : .create, isStatic: false, depth: message.depth + 1,
            gas: callGas, recipient: .zero, sender: message.recipient, value: value,
            input: memorySlice(offset, size))
        let result = host.call(nested)
        gas += result.gasLeft
        returnData = result.status == .revert ? result.output : []
        if result.isSuccess { refund += result.gasRefund }
        push(result.isSuccess ? (result.createdAddress?.word ?? .zero) : .zero)
        return nil
    }

    mutating func selfDestruct() -> EVMFailure? {
        guard !message.isStatic else { return .staticStateChange }
        let beneficiary = EVMAddress(pop())
        let me = message.recipient
        // EIP-2929 charges the whole cold price here: SELFDESTRUCT's base cost includes no warm read.
        if rules.accessLists && !state.warmAccount(beneficiary) {
            guard charge(rules.costs.coldAccount) else { return .outOfGas }
        }
        let balance = state.balance(me)
        let newAccount = rules.emptyAccountCleanup
            ? !balance.isZero && state.isEmpty(beneficiary) : !state.exists(beneficiary)
        if newAccount { guard charge(rules.costs.selfDestructNewAccount) else { return .outOfGas } }
        if beneficiary != me {
            state.setBalance(beneficiary, state.balance(beneficiary) &+ balance)
        }
        state.setBalance(me, .zero)
        if state.markSelfDestructed(me) { refund += rules.costs.selfDestructRefund }
        return nil
    }
}
