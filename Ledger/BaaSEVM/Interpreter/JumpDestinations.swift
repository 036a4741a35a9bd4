/// Which offsets of a code are `JUMPDEST`s outside push data.
struct JumpDestinations: Sendable {
    /// One flag per code byte.
    let valid: [Bool]

    init(code: [UInt8]) {
        var valid = [Bool](repeating: false, count: code.count)
        var pc = 0
        while pc < code.count {
            let op = code[pc]
            if op == 0x5b {
                valid[pc] = true
            } else if op >= 0x60 && op <= 0x7f {
                pc += Int(op - 0x5f)
            }
            pc += 1
        }
        self.valid = valid
    }
}
