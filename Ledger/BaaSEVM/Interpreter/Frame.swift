/// One call frame's machine state.
struct Frame<Host: EVMHost> {
    let host: Host
    let state: WorldState
    let rules: EVMRules
    let message: EVMMessage
    let input: [UInt8]
    let code: [UInt8]
    let jumps: JumpDestinations
    let stack: UnsafeMutablePointer<UInt256>
    var sp = 0
    var memory: [UInt8] = []
    var gas: Int64
    var refund: Int64 = 0
    var returnData: [UInt8] = []

    init(host: Host, message: EVMMessage, code: [UInt8], jumps: JumpDestinations) {
        self.host = host
        self.state = host.state
        self.rules = host.rules
        self.message = message
        self.input = message.isCreate ? [] : message.input
        self.code = code
        self.jumps = jumps
        self.stack = .allocate(capacity: 1024)
        self.gas = message.gas
    }

    // MARK: Helpers

    @inline(__always) mutating func pop() -> UInt256 {
        sp -= 1
        return stack[sp]
    }

    @inline(__always) mutating func push(_ value: UInt256) {
        stack[sp] = value
        sp += 1
    }

    @inline(__always) mutating func charge(_ amount: Int64) -> Bool {
        gas -= amount
        return gas >= 0
    }

    static func memoryCost(words: Int64) -> Int64 { 3 * words + words * words / 512 }

    static func words(_ size: Int) -> Int64 { Int64((size + 31) / 32) }

    /// Largest offset or size we accept; anything bigger could never be paid for.
    static var memoryLimit: UInt64 { 0xffff_ffff }

    /// A size operand as an Int, or nil if too large to pay for.
    @inline(__always) static func size(_ word: UInt256) -> Int? {
        word.fitsInUInt64 && word.w0 <= memoryLimit ? Int(word.w0) : nil
    }

    /// Charges for growing memory to cover [offset, offset + size); false when out of gas.
    /// A zero size needs no memory whatever the offset.
    mutating func expand(offset: UInt256, size: Int) -> Bool {
        if size == 0 { return true }
        guard offset.fitsInUInt64, offset.w0 <= Self.memoryLimit else { return false }
        return expand(end: Int(offset.w0) + size)
    }

    mutating func expand(end: Int) -> Bool {
        if end <= memory.count { return true }
        let newWords = Self.words(end)
        let cost = Self.memoryCost(words: newWords) - Self.memoryCost(words: Int64(memory.count / 32))
        guard charge(cost) else { return false }
        memory.append(contentsOf: repeatElement(0, count: Int(newWords) * 32 - memory.count))
        return true
    }

    /// Copies `size` bytes of `source` from `sourceOffset` (zero-padded past its end) to memory at `destination`.
    mutating func copyToMemory(_ destination: Int, from source: [UInt8], at sourceOffset: UInt256, size: Int) {
        if size == 0 { return }
        var available = 0
        if sourceOffset.fitsInUInt64 && sourceOffset.w0 < UInt64(source.count) {
            available = Swift.min(size, source.count - Int(sourceOffset.w0))
        }
        memory.withUnsafeMutableBufferPointer { memory in
            if available > 0 {
                source.withUnsafeBufferPointer { source in
                    let start = Int(sourceOffset.w0)
                    memory.baseAddress!.advanced(by: destination)
                        .update(from: source.baseAddress!.advanced(by: start), count: available)
                }
            }
            if available < size {
                memory.baseAddress!.advanced(by: destination + available).update(repeating: 0, count: size - available)
            }
        }
    }

    func memorySlice(_ offset: UInt256, _ size: Int) -> [UInt8] {
        size == 0 ? [] : Array(memory[Int(offset.w0)..<(Int(offset.w0) + size)])
    }

    /// EIP-2929: charges the cold surcharge the first time an account is touched.
    @inline(__always) mutating func accessAccount(_ address: EVMAddress) -> Bool {
        guard rules.accessLists, !state.warmAccount(address) else { return true }
        return charge(rules.costs.coldAccount - rules.costs.warmAccess)
    }

    func finish(_ status: EVMResult.Status, output: [UInt8] = []) -> EVMResult {
        switch status {
        case .success: return EVMResult(status: .success, gasLeft: gas, gasRefund: refund, output: output)
        case .revert: return EVMResult(status: .revert, gasLeft: gas, output: output)
        case .failure(let reason): return .failure(reason)
        }
    }

    // MARK: The loop

    mutating func execute() -> EVMResult {
        let table = rules.instructions.entries
        let codeSize = code.count
        var pc = 0
        while true {
            let op = pc < codeSize ? code[pc] : 0x00
            let entry = table[Int(op)]
            guard entry.defined else { return finish(.failure(.invalidOpcode(op))) }
            guard sp >= entry.inputs else { return finish(.failure(.stackUnderflow)) }
            guard sp + entry.growth <= 1024 else { return finish(.failure(.stackOverflow)) }
            guard charge(entry.gas) else { return finish(.failure(.outOfGas)) }

            switch op {
            case 0x00:
                return finish(.success)
            case 0x01:
                let a = pop(); stack[sp - 1] = a &+ stack[sp - 1]
            case 0x02:
                let a = pop(); stack[sp - 1] = a &* stack[sp - 1]
            case 0x03:
                let a = pop(); stack[sp - 1] = a &- stack[sp - 1]
            case 0x04:
                let a = pop(); stack[sp - 1] = a / stack[sp - 1]
            case 0x05:
                let a = pop(); stack[sp - 1] = a.signedDivided(by: stack[sp - 1])
            case 0x06:
                let a = pop(); stack[sp - 1] = a % stack[sp - 1]
            case 0x07:
                let a = pop(); stack[sp - 1] = a.signedRemainder(dividingBy: stack[sp - 1])
            case 0x08:
                let a = pop(), b = pop(); stack[sp - 1] = UInt256.addMod(a, b, stack[sp - 1])
            case 0x09:
                let a = pop(), b = pop(); stack[sp - 1] = UInt256.mulMod(a, b, stack[sp - 1])
            case 0x0a:
                let base = pop(), exponent = stack[sp - 1]
                guard charge(rules.costs.expByte * Int64(exponent.byteWidth)) else { return finish(.failure(.outOfGas)) }
                stack[sp - 1] = UInt256.power(base, exponent)
            case 0x0b:
                let b = pop(); stack[sp - 1] = stack[sp - 1].signExtended(fromByte: b)
            case 0x10:
                let a = pop(); stack[sp - 1] = a < stack[sp - 1] ? .one : .zero
            case 0x11:
                let a = pop(); stack[sp - 1] = stack[sp - 1] < a ? .one : .zero
            case 0x12:
                let a = pop(); stack[sp - 1] = a.isSignedLess(than: stack[sp - 1]) ? .one : .zero
            case 0x13:
                let a = pop(); stack[sp - 1] = stack[sp - 1].isSignedLess(than: a) ? .one : .zero
            case 0x14:
                let a = pop(); stack[sp - 1] = a == stack[sp - 1] ? .one : .zero
            case 0x15:
                stack[sp - 1] = stack[sp - 1].isZero ? .one : .zero
            case 0x16:
                let a = pop(); stack[sp - 1] = a & stack[sp - 1]
            case 0x17:
                let a = pop(); stack[sp - 1] = a | stack[sp - 1]
            case 0x18:
                let a = pop(); stack[sp - 1] = a ^ stack[sp - 1]
            case 0x19:
                stack[sp - 1] = ~stack[sp - 1]
            case 0x1a:
                let i = pop(); stack[sp - 1] = stack[sp - 1].byte(at: i)
            case 0x1b:
                let shift = pop(); stack[sp - 1] = stack[sp - 1].shiftedLeft(by: shift)
            case 0x1c:
                let shift = pop(); stack[sp - 1] = stack[sp - 1].shiftedRight(by: shift)
            case 0x1d:
                let shift = pop(); stack[sp - 1] = stack[sp - 1].arithmeticShiftedRight(by: shift)
            case 0x20:
                let offset = pop()
                guard let size = Self.size(stack[sp - 1]), charge(6 * Self.words(size)),
                      expand(offset: offset, size: size) else { return finish(.failure(.outOfGas)) }
                stack[sp - 1] = size == 0
                    ? Keccak256.hashWord(UnsafeRawBufferPointer(start: nil, count: 0))
                    : memory.withUnsafeBytes { Keccak256.hashWord(UnsafeRawBufferPointer(rebasing: $0[Int(offset.w0)..<Int(offset.w0) + size])) }
            case 0x30:
                push(message.recipient.word)
            case 0x31:
                let address = EVMAddress(stack[sp - 1])
                guard accessAccount(address) else { return finish(.failure(.outOfGas)) }
                stack[sp - 1] = state.balance(address)
            case 0x32:
                push(host.context.origin.word)
            case 0x33:
                push(message.sender.word)
            case 0x34:
                push(message.value)
            case 0x35:
                let offset = stack[sp - 1]
                var value = UInt256.zero
                if offset.fitsInUInt64 && offset.w0 < UInt64(input.count) {
                    let start = Int(offset.w0)
                    if start + 32 <= input.count {
                        value = input.withUnsafeBytes { UInt256(loadingBigEndianFrom: $0.baseAddress! + start) }
                    } else {
                        var word = [UInt8](repeating: 0, count: 32)
                        for i in start..<input.count { word[i - start] = input[i] }
                        value = UInt256(bigEndian: word)
                    }
                }
                stack[sp - 1] = value
            case 0x36:
                push(UInt256(UInt64(input.count)))
            case 0x37, 0x39, 0x3e:
                let memoryOffset = pop(), sourceOffset = pop(), sizeWord = pop()
                guard let size = Self.size(sizeWord), charge(3 * Self.words(size)) else { return finish(.failure(.outOfGas)) }
                if op == 0x3e {
                    let (end, overflow) = sourceOffset.addingReportingOverflow(UInt256(UInt64(size)))
                    guard !overflow, end <= UInt256(UInt64(returnData.count)) else {
                        return finish(.failure(.returnDataOutOfBounds))
                    }
                }
                guard expand(offset: memoryOffset, size: size) else { return finish(.failure(.outOfGas)) }
                let source = op == 0x37 ? input : (op == 0x39 ? code : returnData)
                copyToMemory(Int(memoryOffset.w0), from: source, at: sourceOffset, size: size)
            case 0x38:
                push(UInt256(UInt64(codeSize)))
            case 0x3a:
                push(host.context.gasPrice)
            case 0x3b:
                let address = EVMAddress(stack[sp - 1])
                guard accessAccount(address) else { return finish(.failure(.outOfGas)) }
                stack[sp - 1] = UInt256(UInt64(state.code(address).count))
            case 0x3c:
                let address = EVMAddress(pop())
                let memoryOffset = pop(), sourceOffset = pop(), sizeWord = pop()
                guard accessAccount(address), let size = Self.size(sizeWord), charge(3 * Self.words(size)),
                      expand(offset: memoryOffset, size: size) else { return finish(.failure(.outOfGas)) }
                copyToMemory(Int(memoryOffset.w0), from: state.code(address), at: sourceOffset, size: size)
            case 0x3d:
                push(UInt256(UInt64(returnData.count)))
            case 0x3f:
                let address = EVMAddress(stack[sp - 1])
                guard accessAccount(address) else { return finish(.failure(.outOfGas)) }
                let absent = rules.emptyAccountCleanup ? state.isEmpty(address) : !state.exists(address)
                stack[sp - 1] = absent ? .zero : state.codeHash(address)
            case 0x40:
                let number = stack[sp - 1]
                let current = host.context.number
                if number.fitsInUInt64 && number.w0 < current && current - number.w0 <= 256 {
                    stack[sp - 1] = host.blockHash(number: number.w0)
                } else {
                    stack[sp - 1] = .zero
                }
            case 0x41:
                push(host.context.coinbase.word)
            case 0x42:
                push(UInt256(host.context.timestamp))
            case 0x43:
                push(UInt256(host.context.number))
            case 0x44:
                push(host.context.prevRandao)
            case 0x45:
                push(UInt256(host.context.gasLimit))
            case 0x46:
                push(host.context.chainID)
            case 0x47:
                push(state.balance(message.recipient))
            case 0x48:
                push(host.context.baseFee)
            case 0x50:
                sp -= 1
            case 0x51:
                let offset = stack[sp - 1]
                guard expand(offset: offset, size: 32) else { return finish(.failure(.outOfGas)) }
                stack[sp - 1] = memory.withUnsafeBytes { UInt256(loadingBigEndianFrom: $0.baseAddress! + Int(offset.w0)) }
            case 0x52:
                let offset = pop(), value = pop()
                guard expand(offset: offset, size: 32) else { return finish(.failure(.outOfGas)) }
                memory.withUnsafeMutableBytes { value.storeBigEndian(to: $0.baseAddress! + Int(offset.w0)) }
            case 0x53:
                let offset = pop(), value = pop()
                guard expand(offset: offset, size: 1) else { return finish(.failure(.outOfGas)) }
                memory[Int(offset.w0)] = UInt8(truncatingIfNeeded: value.w0)
            case 0x54:
                let key = stack[sp - 1]
                if rules.accessLists && !state.warmSlot(message.recipient, key: key) {
                    guard charge(rules.costs.coldSload - rules.costs.warmAccess) else { return finish(.failure(.outOfGas)) }
                }
                stack[sp - 1] = state.storage(message.recipient, key: key)
            case 0x55:
                guard !message.isStatic else { return finish(.failure(.staticStateChange)) }
                let key = pop(), value = pop()
                guard storeStorage(key: key, value: value) else { return finish(.failure(.outOfGas)) }
            case 0x56:
                let destination = pop()
                guard destination.fitsInUInt64, destination.w0 < UInt64(codeSize), jumps.valid[Int(destination.w0)] else {
                    return finish(.failure(.badJumpDestination))
                }
                pc = Int(destination.w0)
                continue
            case 0x57:
                let destination = pop(), condition = pop()
                if !condition.isZero {
                    guard destination.fitsInUInt64, destination.w0 < UInt64(codeSize), jumps.valid[Int(destination.w0)] else {
                        return finish(.failure(.badJumpDestination))
                    }
                    pc = Int(destination.w0)
                    continue
                }
            case 0x58:
                push(UInt256(UInt64(pc)))
            case 0x59:
                push(UInt256(UInt64(memory.count)))
            case 0x5a:
                push(UInt256(UInt64(gas)))
            case 0x5b:
                break
            case 0x5f:
                push(.zero)
            case 0x60...0x7f:
                let count = Int(op - 0x5f)
                var value = UInt256.zero
                let start = pc + 1
                if start + count <= codeSize {
                    for i in 0..<count {
                        let bitPosition = (count - 1 - i) * 8
                        value[limb: bitPosition >> 6] |= UInt64(code[start + i]) << UInt64(bitPosition & 63)
                    }
                } else {
                    for i in 0..<count where start + i < codeSize {
                        let bitPosition = (count - 1 - i) * 8
                        value[limb: bitPosition >> 6] |= UInt64(code[start + i]) << UInt64(bitPosition & 63)
                    }
                }
                push(value)
                pc += count
            case 0x80...0x8f:
                let depth = Int(op - 0x7f)
                push(stack[sp - depth])
            case 0x90...0x9f:
                let depth = Int(op - 0x8f)
                let top = stack[sp - 1]
                stack[sp - 1] = stack[sp - 1 - depth]
                stack[sp - 1 - depth] = top
            case 0xa0...0xa4:
                guard !message.isStatic else { return finish(.failure(.staticStateChange)) }
                let offset = pop(), sizeWord = pop()
                let topicCount = Int(op - 0xa0)
                var topics: [UInt256] = []
                topics.reserveCapacity(topicCount)
                for _ in 0..<topicCount { topics.append(pop()) }
                guard let size = Self.size(sizeWord), charge(8 * Int64(size)),
                      expand(offset: offset, size: size) else { return finish(.failure(.outOfGas)) }
                state.addLog(EVMLog(address: message.recipient, topics: topics, data: memorySlice(offset, size)))
            case 0xf0, 0xf5:
                if let failure = create(op: op) { return finish(.failure(failure)) }
            case 0xf1, 0xf2, 0xf4, 0xfa:
                if let failure = call(op: op) { return finish(.failure(failure)) }
            case 0xf3, 0xfd:
                let offset = pop(), sizeWord = pop()
                guard let size = Self.size(sizeWord), expand(offset: offset, size: size) else {
                    return finish(.failure(.outOfGas))
                }
                return finish(op == 0xf3 ? .success : .revert, output: memorySlice(offset, size))
            case 0xff:
                if let failure = selfDestruct() { return finish(.failure(failure)) }
                return finish(.success)
            default:
                return finish(.failure(.invalidOpcode(op)))
            }
            pc += 1
        }
    }
}
