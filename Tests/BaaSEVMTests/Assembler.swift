import BaaSEVM

/// A tiny assembler for readable test bytecode: mnemonics separated by spaces, `PUSHn` followed by
/// a hex immediate (`PUSH` alone sizes itself), `0x..` for raw bytes, `name:` for a `JUMPDEST`
/// and `@name` for a `PUSH2` of that label's offset.
enum Assembler {
    static let opcodes: [String: UInt8] = [
        "STOP": 0x00, "ADD": 0x01, "MUL": 0x02, "SUB": 0x03, "DIV": 0x04, "EXP": 0x0a, "LT": 0x10, "GT": 0x11, "EQ": 0x14,
        "ISZERO": 0x15, "SHA3": 0x20, "ADDRESS": 0x30, "BALANCE": 0x31, "CALLER": 0x33, "CALLVALUE": 0x34,
        "CALLDATALOAD": 0x35, "CALLDATASIZE": 0x36, "CODECOPY": 0x39, "RETURNDATASIZE": 0x3d,
        "RETURNDATACOPY": 0x3e, "EXTCODESIZE": 0x3b, "SELFBALANCE": 0x47, "POP": 0x50, "MLOAD": 0x51,
        "MSTORE": 0x52, "MSTORE8": 0x53, "SLOAD": 0x54, "SSTORE": 0x55, "JUMP": 0x56, "JUMPI": 0x57, "GAS": 0x5a,
        "JUMPDEST": 0x5b, "PUSH0": 0x5f, "DUP1": 0x80, "DUP2": 0x81, "DUP3": 0x82, "LOG3": 0xa3, "SWAP1": 0x90, "LOG0": 0xa0,
        "LOG1": 0xa1, "CREATE": 0xf0, "CALL": 0xf1, "RETURN": 0xf3, "DELEGATECALL": 0xf4, "CREATE2": 0xf5,
        "STATICCALL": 0xfa, "REVERT": 0xfd, "INVALID": 0xfe, "SELFDESTRUCT": 0xff,
    ]

    static func assemble(_ source: String) -> [UInt8] {
        var code: [UInt8] = []
        var labels: [String: Int] = [:]
        var fixups: [(String, Int)] = []
        var tokens = source.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        while let token = tokens.popFirst() {
            if token.hasSuffix(":") {
                labels[String(token.dropLast())] = code.count
                code.append(0x5b)
            } else if token.hasPrefix("@") {
                code.append(0x61)
                fixups.append((String(token.dropFirst()), code.count))
                code += [0, 0]
            } else if token.hasPrefix("PUSH") && token != "PUSH0" {
                let immediate = Hex.decode(tokens.popFirst()!)!
                let size = token == "PUSH" ? immediate.count : Int(token.dropFirst(4))!
                precondition(immediate.count <= size)
                code.append(0x5f + UInt8(size))
                code += [UInt8](repeating: 0, count: size - immediate.count) + immediate
            } else if token.hasPrefix("0x") {
                code += Hex.decode(token)!
            } else {
                code.append(opcodes[token]!)
            }
        }
        for (label, position) in fixups {
            let target = labels[label]!
            code[position] = UInt8(target >> 8)
            code[position + 1] = UInt8(target & 0xff)
        }
        return code
    }
}

/// Shorthand: assemble.
func asm(_ source: String) -> [UInt8] { Assembler.assemble(source) }

/// A 20-byte address from a short hex suffix.
func address(_ hex: String) -> EVMAddress {
    EVMAddress(UInt256(hex: hex)!)
}

/// The address as a PUSH20 immediate.
func pushAddress(_ address: EVMAddress) -> String { "PUSH20 " + Hex.encode(address.bytes) }
