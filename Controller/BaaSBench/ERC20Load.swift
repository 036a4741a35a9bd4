import BaaSCrypto
import BaaSEVM
import BaaSLedger

/// The `--tx erc20` load of `baas-bench tps`: user 0 deploys `ERC20BenchToken` and gives every
/// user a balance; the timed windows are `transfer(address,uint256)` calls of one token unit to
/// the next user, each a full EVM execution with two storage writes and a `Transfer` log. (The
/// users' registration transactions, sent before the token exists, are calls of its future
/// address: they carry the certificates and do nothing else.)
enum ERC20Load {
    /// Tokens each user receives before the windows.
    static let allowance: UInt64 = 1_000_000_000
    /// Gas limit of each transfer (a Vyper transfer uses about 35,000–52,000).
    static let gasLimit: UInt64 = 100_000

    /// The token's address: user 0's deployment right after its registration transaction.
    static func token(_ net: Testnet) -> Address {
        Address.forDeployment(sender: net.users[0].builder.address, nonce: 1)
    }

    /// Deploys the token and funds every user, committing before returning; advances user 0's nonce.
    ///
    /// - Throws: `bench.erc20` when the deployment or a funding transfer does not succeed.
    static func setUp(net: Testnet, client: LedgerClient, nonces: inout [UInt64]) async throws {
        let owner = net.users[0].builder
        let supply = UInt256(allowance * UInt64(net.users.count))
        let deploy = try owner.deploy(bytecode: ERC20BenchToken.initCode, args: [.string("Bench"), .string("BEN"), .uint(supply)],
                                      nonce: nonces[0], sender: .fingerprint)
        nonces[0] += 1
        try await commit([deploy], client: client)
        let token = token(net)
        var funding: [[UInt8]] = []
        for user in net.users.dropFirst() {
            funding.append(try owner.call(contract: token, function: "transfer(address,uint256)", .address(user.builder.address),
                                          .uint(UInt256(allowance)), gasLimit: gasLimit, nonce: nonces[0], sender: .fingerprint))
            nonces[0] += 1
        }
        var last: [NodeAPIModels.SubmitResult] = []
        for start in stride(from: 0, to: funding.count, by: 200) {
            last = try await commit(Array(funding[start..<min(start + 200, funding.count)]), client: client)
        }
        // Transfers of one sender apply in nonce order, so the last one succeeding means all did;
        // then one transfer of the kind the windows send must succeed too.
        var probes = last.suffix(1).map(\.hash)
        if net.users.count > 1 {
            let probe = try transfer(net.users[1].builder, to: net.users[0].builder.address, token: token, nonce: nonces[1],
                                     form: .fingerprint)
            nonces[1] += 1
            probes += try await commit([probe], client: client).map(\.hash)
        }
        for hash in probes {
            guard let receipt = try await client.transaction(hash), receipt.outcome == "success" else {
                throw LedgerError("bench.erc20", "a token set-up transfer failed; see node.log in each node folder")
            }
        }
    }

    /// User `builder`'s signed transfer of one token unit to `to`.
    static func transfer(_ builder: TransactionBuilder, to: Address, token: Address, nonce: UInt64,
                         form: TransactionBuilder.SenderForm) throws -> [UInt8] {
        try builder.call(contract: token, function: "transfer(address,uint256)", .address(to), .uint(1), gasLimit: gasLimit,
                         nonce: nonce, sender: form)
    }

    @discardableResult
    private static func commit(_ batch: [[UInt8]], client: LedgerClient) async throws -> [NodeAPIModels.SubmitResult] {
        let results = try await client.submit(batch: batch, waitForCommit: true, timeoutSeconds: 60)
        guard results.allSatisfy({ $0.status == "committed" }) else {
            throw LedgerError("bench.erc20", "a token set-up transaction was not committed: \(results.first { $0.status != "committed" }!)")
        }
        return results
    }
}
