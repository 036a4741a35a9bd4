/// Per-opcode static gas and stack shape for one set of rules, built once per `EVMRules`.
struct InstructionTable: Sendable {
    struct Entry: Sendable {
        var gas: Int64
        /// Items popped (the minimum stack height).
        var inputs: Int
        /// Net stack growth; the stack may not exceed 1024 after it.
        var growth: Int
        var defined: Bool
    }

    let entries: [Entry]

    init(revision: EVMRules.Revision, costs: EVMRules.Costs, accessLists: Bool) {
        var table = [Entry](repeating: Entry(gas: 0, inputs: 0, growth: 0, defined: false), count: 256)
        func define(_ op: Int, _ gas: Int64, _ inputs: Int, _ outputs: Int, since: EVMRules.Revision = .frontier) {
            guard revision >= since else { return }
            table[op] = Entry(gas: gas, inputs: inputs, growth: outputs - inputs, defined: true)
        }
        let warm = costs.warmAccess
        define(0x00, 0, 0, 0)
        for (op, gas) in [(0x01, 3), (0x02, 5), (0x03, 3), (0x04, 5), (0x05, 5), (0x06, 5), (0x07, 5)] as [(Int, Int64)] {
            define(op, gas, 2, 1)
        }
        define(0x08, 8, 3, 1)
        define(0x09, 8, 3, 1)
        define(0x0a, 10, 2, 1)
        define(0x0b, 5, 2, 1)
        for op in 0x10...0x14 { define(op, 3, 2, 1) }
        define(0x15, 3, 1, 1)
        for op in 0x16...0x18 { define(op, 3, 2, 1) }
        define(0x19, 3, 1, 1)
        define(0x1a, 3, 2, 1)
        for op in 0x1b...0x1d { define(op, 3, 2, 1, since: .constantinople) }
        define(0x20, 30, 2, 1)
        define(0x30, 2, 0, 1)
        define(0x31, accessLists ? warm : costs.balance, 1, 1)
        for op in [0x32, 0x33, 0x34] { define(op, 2, 0, 1) }
        define(0x35, 3, 1, 1)
        define(0x36, 2, 0, 1)
        define(0x37, 3, 3, 0)
        define(0x38, 2, 0, 1)
        define(0x39, 3, 3, 0)
        define(0x3a, 2, 0, 1)
        define(0x3b, accessLists ? warm : costs.extcode, 1, 1)
        define(0x3c, accessLists ? warm : costs.extcode, 4, 0)
        define(0x3d, 2, 0, 1, since: .byzantium)
        define(0x3e, 3, 3, 0, since: .byzantium)
        define(0x3f, accessLists ? warm : costs.extcodeHash, 1, 1, since: .constantinople)
        define(0x40, 20, 1, 1)
        for op in 0x41...0x45 { define(op, 2, 0, 1) }
        define(0x46, 2, 0, 1, since: .istanbul)
        define(0x47, 5, 0, 1, since: .istanbul)
        define(0x48, 2, 0, 1, since: .london)
        define(0x50, 2, 1, 0)
        define(0x51, 3, 1, 1)
        define(0x52, 3, 2, 0)
        define(0x53, 3, 2, 0)
        define(0x54, accessLists ? warm : costs.sload, 1, 1)
        define(0x55, 0, 2, 0)
        define(0x56, 8, 1, 0)
        define(0x57, 10, 2, 0)
        for op in [0x58, 0x59, 0x5a] { define(op, 2, 0, 1) }
        define(0x5b, 1, 0, 0)
        define(0x5f, 2, 0, 1, since: .shanghai)
        for op in 0x60...0x7f { define(op, 3, 0, 1) }
        for n in 1...16 { define(0x7f + n, 3, n, n + 1) }
        for n in 1...16 { define(0x8f + n, 3, n + 1, n + 1) }
        for n in 0...4 { define(0xa0 + n, 375 + 375 * Int64(n), 2 + n, 0) }
        define(0xf0, 32000, 3, 1)
        define(0xf1, accessLists ? warm : costs.call, 7, 1)
        define(0xf2, accessLists ? warm : costs.call, 7, 1)
        define(0xf3, 0, 2, 0)
        define(0xf4, accessLists ? warm : costs.call, 6, 1, since: .homestead)
        define(0xf5, 32000, 4, 1, since: .constantinople)
        define(0xfa, accessLists ? warm : costs.call, 6, 1, since: .byzantium)
        define(0xfd, 0, 2, 0, since: .byzantium)
        define(0xff, costs.selfDestruct, 1, 0)
        entries = table
    }
}
