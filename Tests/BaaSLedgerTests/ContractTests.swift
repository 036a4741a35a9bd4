import BaaSCrypto
import BaaSEVM
import Testing
@testable import BaaSLedger

/// A ledger store (real SQLite) with funded users, sending contract transactions one block at a time.
final class ContractChain {
    let network: TestNetwork
    let node: TestNode
    private(set) var blocks: [Block] = []
    private var time: UInt64 = 1_764_000_001_000

    init(hash: DigestAlgorithm = .sha256, signature: SignatureAlgorithm = .p256,
         parameters: ChainParameters = ChainParameters()) throws {
        network = try TestNetwork(hash: hash, signature: signature, parameters: parameters)
        node = try network.node("contracts.db")
    }

    var store: LedgerStore { node.store }
    func user(_ index: Int) -> TestUser { network.users[index] }

    /// Signs with the user's next nonce, commits a block holding only it, returns its receipt.
    @discardableResult
    func send(_ user: TestUser, _ make: (TransactionBuilder, UInt64) throws -> [UInt8]) throws -> Receipt {
        try node.pool.admit(make(user.builder, store.nonce(of: user.address)))
        time += 1000
        let (block, receipts) = try node.produceBlock(time: time)
        blocks.append(block)
        return try #require(receipts.first)
    }

    /// Deploys `initCode` (with constructor `args`) from `user`; the new contract's address.
    func deploy(_ initCode: [UInt8], args: [ABIValue] = [], by user: TestUser) throws -> Address {
        let receipt = try send(user) { try $0.deploy(bytecode: initCode, args: args, nonce: $1) }
        #expect(receipt.status == .success, "deployment failed: \(receipt.reason) \(receipt.contract?.detail ?? "")")
        return try #require(receipt.contract?.contractAddress)
    }

    /// Every state entry, to compare before and after.
    var entries: [[UInt8]: [UInt8]] { store.lock.withLock { _ in store.state.entries } }
}

struct ContractTests {
    static let transferTopic = Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))
    static let approvalTopic = Keccak256.hash(Array("Approval(address,address,uint256)".utf8))

    static func word(_ address: Address) -> [UInt8] { [UInt8](repeating: 0, count: 12) + address.bytes }
    static func word(_ value: UInt64) -> [UInt8] { UInt256(value).bigEndianBytes }

    func balance(_ chain: ContractChain, _ token: Address, _ owner: Address) throws -> [ABIValue] {
        try balance(chain.store, token, owner)
    }

    func balance(_ store: LedgerStore, _ token: Address, _ owner: Address) throws -> [ABIValue] {
        try store.call(contract: token, function: "balanceOf(address)", [.address(owner)], returns: "(uint256)")
    }

    @Test(arguments: [(DigestAlgorithm.sha256, SignatureAlgorithm.p256), (.sm3, .sm2)])
    func erc20TokenTransfersApprovesAndEmitsEvents(hash: DigestAlgorithm, signature: SignatureAlgorithm) throws {
        let chain = try ContractChain(hash: hash, signature: signature)
        let (owner, receiver, spender) = (chain.user(0), chain.user(1), chain.user(2))
        let initCode = try ContractSources.compile(ContractSources.token)

        let deployed = try chain.send(owner) {
            try $0.deploy(bytecode: initCode, args: [.string("Ledger Token"), .string("LT"), .uint(1_000_000)], nonce: $1)
        }
        let token = Address.forDeployment(sender: owner.address, nonce: 0)
        #expect(deployed.status == .success)
        #expect(deployed.contract?.contractAddress == token)
        #expect(deployed.contract?.logs == [ContractLog(address: token, topics: [Self.transferTopic, Self.word(.zero), Self.word(owner.address)],
                                                        data: Self.word(1_000_000))])
        #expect(try #require(deployed.contract).gasUsed > 53_000)
        #expect(!chain.store.code(at: token).isEmpty)
        #expect(try chain.store.call(contract: token, function: "symbol()", returns: "(string)") == [.string("LT")])

        let transfer = try chain.send(owner) {
            try $0.call(contract: token, function: "transfer(address,uint256)", .address(receiver.address), .uint(250), nonce: $1)
        }
        #expect(transfer.status == .success)
        #expect(transfer.contract?.output == Self.word(1))
        #expect(transfer.contract?.logs == [ContractLog(address: token, topics: [Self.transferTopic, Self.word(owner.address), Self.word(receiver.address)],
                                                        data: Self.word(250))])

        let approve = try chain.send(owner) {
            try $0.call(contract: token, function: "approve(address,uint256)", .address(spender.address), .uint(100), nonce: $1)
        }
        #expect(approve.contract?.logs.first?.topics == [Self.approvalTopic, Self.word(owner.address), Self.word(spender.address)])

        let spend = try chain.send(spender) {
            try $0.call(contract: token, function: "transferFrom(address,address,uint256)",
                        .address(owner.address), .address(spender.address), .uint(60), nonce: $1)
        }
        #expect(spend.status == .success)
        #expect(spend.contract?.logs.first?.topics == [Self.transferTopic, Self.word(owner.address), Self.word(spender.address)])

        let overspend = try chain.send(spender) {
            try $0.call(contract: token, function: "transferFrom(address,address,uint256)",
                        .address(owner.address), .address(spender.address), .uint(41), nonce: $1)
        }
        #expect(overspend.status == .failed)
        #expect(overspend.reason == "contract.reverted")
        #expect(overspend.contract?.detail == "allowance exceeded")

        #expect(try balance(chain, token, owner.address) == [.uint(UInt256(1_000_000 - 250 - 60))])
        #expect(try balance(chain, token, receiver.address) == [.uint(250)])
        #expect(try balance(chain, token, spender.address) == [.uint(60)])
        #expect(try chain.store.call(contract: token, function: "allowance(address,address)",
                                     [.address(owner.address), .address(spender.address)], returns: "(uint256)") == [.uint(40)])
        #expect(try chain.store.receipts(at: 2) == [transfer])
    }

    @Test func contractStateIsTheSameOnAnotherStoreAndAfterReopening() throws {
        let chain = try ContractChain()
        let token = try chain.deploy(ContractSources.compile(ContractSources.token),
                                     args: [.string("T"), .string("T"), .uint(1000)], by: chain.user(0))
        for index in 1...2 {
            try chain.send(chain.user(0)) {
                try $0.call(contract: token, function: "transfer(address,uint256)", .address(chain.user(index).address),
                            .uint(UInt256(UInt64(index * 10))), nonce: $1)
            }
        }
        let follower = try chain.network.node("follower.db")
        for block in chain.blocks { try follower.store.commit(block, validator: follower.validator) }
        #expect(follower.store.stateRoot == chain.store.stateRoot)
        #expect(try balance(follower.store, token, chain.user(2).address) == [.uint(20)])

        let reopened = try LedgerStore(path: chain.network.path("contracts.db"), genesis: chain.network.genesis)
        #expect(reopened.stateRoot == chain.store.stateRoot)
        #expect(reopened.code(at: token) == chain.store.code(at: token))
        #expect(try reopened.call(contract: token, function: "balanceOf(address)", [.address(chain.user(0).address)],
                                  returns: "(uint256)") == [.uint(970)])
    }

    @Test func notarisationStoreKeepsTheFirstOwnerAndTheBlockTime() throws {
        let chain = try ContractChain()
        let notary = try chain.deploy(ContractSources.compile(ContractSources.notary), by: chain.user(0))
        let digest = Keccak256.hash(Array("contract.pdf".utf8))
        let first = try chain.send(chain.user(1)) {
            try $0.call(contract: notary, function: "notarise(bytes32,string)", .fixedBytes(digest), .string("signed copy"), nonce: $1)
        }
        #expect(first.status == .success)
        #expect(first.contract?.logs.first?.topics[1] == digest)
        let stamped = chain.store.head.timestampMilliseconds / 1000
        let again = try chain.send(chain.user(2)) {
            try $0.call(contract: notary, function: "notarise(bytes32,string)", .fixedBytes(digest), .string("forgery"), nonce: $1)
        }
        #expect(again.status == .failed)
        #expect(again.contract?.detail == "already notarised")
        let record = try chain.store.call(contract: notary, function: "lookup(bytes32)", [.fixedBytes(digest)],
                                          returns: "(address,uint256,string)")
        #expect(record == [.address(chain.user(1).address), .uint(UInt256(stamped)), .string("signed copy")])
    }

    @Test func traceabilityRecordKeepsEveryStepInOrder() throws {
        let chain = try ContractChain()
        let trace = try chain.deploy(ContractSources.compile(ContractSources.traceability), by: chain.user(0))
        let steps = [(0, "farm"), (1, "warehouse"), (2, "shop")]
        var heights: [UInt64] = []
        for (index, (actor, location)) in steps.enumerated() {
            let function = index == 0 ? "register(uint256,string)" : "record(uint256,string)"
            let receipt = try chain.send(chain.user(actor)) {
                try $0.call(contract: trace, function: function, .uint(7), .string(location), nonce: $1)
            }
            #expect(receipt.status == .success, "\(receipt.reason) \(receipt.contract?.detail ?? "")")
            heights.append(chain.store.head.height)
        }
        let unknown = try chain.send(chain.user(1)) {
            try $0.call(contract: trace, function: "record(uint256,string)", .uint(8), .string("nowhere"), nonce: $1)
        }
        #expect(unknown.contract?.detail == "unknown item")
        #expect(try chain.store.call(contract: trace, function: "stepCount(uint256)", [.uint(7)], returns: "(uint256)") == [.uint(3)])
        for (index, (actor, location)) in steps.enumerated() {
            let step = try chain.store.call(contract: trace, function: "stepAt(uint256,uint256)", [.uint(7), .uint(UInt256(UInt64(index)))],
                                            returns: "(address,string,uint256)")
            #expect(step == [.address(chain.user(actor).address), .string(location), .uint(UInt256(heights[index]))])
        }
    }

    /// Bad contracts and calls: (name, init code or runtime to call, expected reason).
    static let badInput: [(String, [UInt8], Bool, String)] = [
        ("invalid opcode in init code", [0xfe], false, "contract.invalid_opcode"),
        ("undefined opcode when called", [0x0c], true, "contract.invalid_opcode"),
        ("stack underflow", [0x01], true, "contract.stack_underflow"),
        ("stack overflow", [0x5b, 0x58, 0x60, 0x00, 0x56], true, "contract.stack_overflow"),
        ("out of gas in an endless loop", [0x5b, 0x60, 0x00, 0x56], true, "contract.out_of_gas"),
        ("code over 24,576 bytes", [0x61, 0x60, 0x01, 0x60, 0x00, 0xf3], false, "contract.code_too_large"),
        ("jump into nowhere", [0x60, 0x03, 0x56], true, "contract.bad_jump"),
    ]

    @Test(arguments: badInput)
    func failedContractTransactionsChangeNothingButTheNonce(name: String, code: [UInt8], viaCall: Bool, reason: String) throws {
        let chain = try ContractChain()
        let sender = chain.user(1)
        var target: Address?
        if viaCall { target = try chain.deploy(ContractSources.deploying(runtime: code), by: chain.user(0)) }
        try chain.send(sender) { try $0.put(key: Array("prime".utf8), value: [1], nonce: $1) }
        let before = chain.entries
        let nonce = chain.store.nonce(of: sender.address)
        let receipt = try chain.send(sender) { builder, nonce in
            if let target {
                return try builder.sign(.call(contract: target, input: [], value: 5, gasLimit: 100_000), nonce: nonce).encoded()
            }
            return try builder.deploy(bytecode: code, value: 5, gasLimit: 1_000_000, nonce: nonce)
        }
        #expect(receipt.status == .failed, "\(name)")
        #expect(receipt.reason == reason, "\(name): \(receipt.contract?.detail ?? "")")
        #expect(receipt.contract?.logs == [])
        #expect(receipt.contract?.contractAddress == nil)
        #expect(try #require(receipt.contract).gasUsed > 21_000)
        #expect(chain.store.nonce(of: sender.address) == nonce + 1)
        let after = chain.entries
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        #expect(changed == [StateKey.account(sender.address)], "\(name)")
        #expect(chain.store.account(sender.address).balance == 1_000_000)
    }

    @Test func initCodeOverTheEIP3860LimitIsRefused() throws {
        let chain = try ContractChain()
        let before = chain.entries
        let receipt = try chain.send(chain.user(0)) {
            try $0.deploy(bytecode: [UInt8](repeating: 0, count: 49_153), gasLimit: 1_000_000, nonce: $1)
        }
        #expect(receipt.reason == "contract.init_code_too_large")
        let changed = Set(before.keys).union(chain.entries.keys).filter { before[$0] != chain.entries[$0] }
        #expect(changed.subtracting([StateKey.account(chain.user(0).address)]).allSatisfy { $0.first == 6 })
    }

    @Test func revertWithAReasonIsReportedAndUndone() throws {
        let chain = try ContractChain()
        let token = try chain.deploy(ContractSources.compile(ContractSources.token),
                                     args: [.string("T"), .string("T"), .uint(10)], by: chain.user(0))
        let before = chain.entries
        let receipt = try chain.send(chain.user(0)) {
            try $0.call(contract: token, function: "transfer(address,uint256)", .address(Address.zero), .uint(1), nonce: $1)
        }
        #expect(receipt.reason == "contract.reverted")
        #expect(receipt.contract?.detail == "transfer to the zero address")
        #expect(ABI.revertReason(try #require(receipt.contract).output) == "transfer to the zero address")
        let changed = Set(before.keys).union(chain.entries.keys).filter { before[$0] != chain.entries[$0] }
        #expect(changed == [StateKey.account(chain.user(0).address)])
    }

    @Test func gasLimitAboveTheChainMaximumIsRefused() throws {
        let chain = try ContractChain()
        let receipt = try chain.send(chain.user(0)) {
            try $0.deploy(bytecode: [0x00], gasLimit: chain.store.parameters.maxTransactionGas + 1, nonce: $1)
        }
        #expect(receipt.reason == "contract.gas_limit_too_high")
        let tooLittle = try chain.send(chain.user(0)) { try $0.deploy(bytecode: [0x00], gasLimit: 50_000, nonce: $1) }
        #expect(tooLittle.reason == "contract.out_of_gas")
    }

    @Test func contractTransactionsOfABlockShareItsGas() throws {
        let chain = try ContractChain(parameters: ChainParameters(maxTransactionGas: 100_000, maxBlockGas: 140_000))
        let code = ContractSources.deploying(runtime: [0x00])
        for index in 0..<2 {
            try chain.node.pool.admit(chain.user(index).builder.deploy(bytecode: code, gasLimit: 90_000, nonce: 0))
        }
        let (_, receipts) = try chain.node.produceBlock()
        #expect(receipts.filter { $0.status == .success }.count == 1)
        #expect(receipts.filter { $0.status == .failed }.map(\.reason) == ["contract.block_gas_exhausted"])
        #expect(chain.store.nonce(of: chain.user(0).address) == 1 && chain.store.nonce(of: chain.user(1).address) == 1)
        let next = try chain.send(chain.user(2)) { try $0.deploy(bytecode: code, gasLimit: 90_000, nonce: $1) }
        #expect(next.status == .success)
    }

    @Test func valueMovesTheNativeAssetIntoTheContract() throws {
        let chain = try ContractChain()
        // Runtime: return BALANCE(ADDRESS) as one word.
        let runtime: [UInt8] = [0x30, 0x31, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]
        let receipt = try chain.send(chain.user(0)) {
            try $0.deploy(bytecode: ContractSources.deploying(runtime: runtime), value: 300, nonce: $1)
        }
        let contract = try #require(receipt.contract?.contractAddress)
        #expect(chain.store.account(contract).balance == 300)
        #expect(chain.store.account(chain.user(0).address).balance == 1_000_000 - 300)
        let call = try chain.send(chain.user(1)) {
            try $0.sign(.call(contract: contract, input: [], value: 2_000_000, gasLimit: 100_000), nonce: $1).encoded()
        }
        #expect(call.reason == "contract.insufficient_funds")
        #expect(chain.store.call(contract: contract, input: []).output == Self.word(300))
    }

    @Test func readOnlyCallsCannotChangeState() throws {
        let chain = try ContractChain()
        let token = try chain.deploy(ContractSources.compile(ContractSources.token),
                                     args: [.string("T"), .string("T"), .uint(10)], by: chain.user(0))
        let root = chain.store.stateRoot
        let input = try ABI.encodeCall("transfer(address,uint256)", [.address(chain.user(1).address), .uint(1)])
        let result = chain.store.call(contract: token, input: input, from: chain.user(0).address)
        #expect(result.reason == "contract.failed")
        #expect(chain.store.stateRoot == root)
        #expect(try balance(chain, token, chain.user(0).address) == [.uint(10)])
    }

    @Test func truncatedOrRandomContractEncodingsAreRejectedWithoutCrashing() throws {
        var w = BinaryWriter()
        TransactionPayload.call(contract: .zero, input: [UInt8](repeating: 7, count: 40), value: 1, gasLimit: 90_000).encode(to: &w)
        let receipt = Receipt(transactionHash: [1], status: .success,
                              contract: ContractOutcome(gasUsed: 9, output: [1], logs: [ContractLog(address: .zero, topics: [], data: [2])]))
        for length in 1..<w.bytes.count {
            var r = BinaryReader(Array(w.bytes.prefix(length)))
            #expect(throws: LedgerError.self) { _ = try TransactionPayload(from: &r) }
        }
        let full = receipt.encoded()
        for length in 1..<full.count {
            let prefix = Array(full.prefix(length))
            // Cut right before the contract section, the prefix is the plain receipt; else it must fail.
            if let decoded = try? Receipt(decoding: prefix) {
                #expect(decoded.contract == nil && decoded.encoded() == prefix)
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let tag = [UInt8(8 + generator.next() % 2), 1]
            let body = (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            var r = BinaryReader(tag + body)
            if let payload = try? TransactionPayload(from: &r) {
                var again = BinaryWriter()
                payload.encode(to: &again)
                #expect(again.bytes == Array((tag + body).prefix(again.bytes.count)))
            }
        }
    }

    @Test func contractPayloadsAndReceiptsRoundTrip() throws {
        let payloads: [TransactionPayload] = [
            .deploy(code: [0x60, 0x00], value: 7, gasLimit: 90_000),
            .call(contract: Address(bytes: [UInt8](repeating: 0xab, count: 20))!, input: [1, 2, 3], value: 0, gasLimit: 1),
        ]
        for payload in payloads {
            var w = BinaryWriter()
            payload.encode(to: &w)
            var r = BinaryReader(w.bytes)
            #expect(try TransactionPayload(from: &r) == payload)
            var badVersion = w.bytes
            badVersion[1] = 2
            var bad = BinaryReader(badVersion)
            #expect(throws: LedgerError.self) { try TransactionPayload(from: &bad) }
        }
        let receipt = Receipt(transactionHash: [1, 2], status: .failed, reason: "contract.reverted",
                              contract: ContractOutcome(gasUsed: 21_500, contractAddress: .zero, output: [9],
                                                        logs: [ContractLog(address: .zero, topics: [[UInt8](repeating: 3, count: 32)], data: [4])],
                                                        detail: "no"))
        #expect(try Receipt(decoding: receipt.encoded()) == receipt)
        let long = Receipt(transactionHash: [1], status: .failed, reason: "contract.reverted",
                           contract: ContractOutcome(gasUsed: 1, detail: "x" + String(repeating: "é", count: 2000)))
        #expect(try #require(long.contract).detail.utf8.count <= 1024)
        #expect(try Receipt(decoding: long.encoded()) == long)
        let plain = Receipt(transactionHash: [1], status: .success)
        #expect(try Receipt(decoding: plain.encoded()) == plain)
    }
}
