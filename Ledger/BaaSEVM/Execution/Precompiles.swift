/// The precompiled contracts this EVM provides: `0x02` SHA-256, `0x03` RIPEMD-160, `0x04` identity,
/// `0x05` modexp.
///
/// Left out on purpose, so calls to these addresses behave as calls to accounts without code:
/// - `0x01` ecrecover: identities on this ledger are X.509 certificates with P-256/SM2 keys, never
///   secp256k1 keys, so recovering a secp256k1 signer has no use here.
/// - The BN254 and BLAKE2 contracts (`0x06`–`0x09`): nothing the ledger's contracts need.
enum Precompiles {
    /// The precompile at `address`, if there is one.
    static func contract(at address: EVMAddress) -> EVMExecutor.Precompile? {
        guard address.high == 0 && address.middle == 0 else { return nil }
        switch address.low {
        case 2: return { input, gas in run(input: input, gas: gas, base: 60, perWord: 12) { SHA256.hash($0) } }
        case 3:
            return { input, gas in
                run(input: input, gas: gas, base: 600, perWord: 120) { [UInt8](repeating: 0, count: 12) + RIPEMD160.hash($0) }
            }
        case 4: return { input, gas in run(input: input, gas: gas, base: 15, perWord: 3) { $0 } }
        case 5: return { input, gas in ModExp.run(input: input, gas: gas) }
        default: return nil
        }
    }

    private static func run(input: [UInt8], gas: Int64, base: Int64, perWord: Int64,
                            _ body: ([UInt8]) -> [UInt8]) -> EVMResult {
        let cost = base + perWord * Int64((input.count + 31) / 32)
        guard cost <= gas else { return .failure(.outOfGas) }
        return EVMResult(status: .success, gasLeft: gas - cost, output: body(input))
    }
}
