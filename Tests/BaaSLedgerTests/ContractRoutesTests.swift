import BaaSCrypto
import BaaSEVM
import Testing
@testable import BaaSLedger

struct ContractRoutesTests {
    @Test func readOnlyCallContractAndOutcomeAnswerFromTheStore() throws {
        let chain = try ContractChain()
        let owner = chain.user(0).address
        let deployed = try chain.send(chain.user(0)) {
            try $0.deploy(bytecode: ContractSources.compile(ContractSources.token),
                          args: [.string("API"), .string("API"), .uint(77)], nonce: $1)
        }
        let token = try #require(deployed.contract?.contractAddress)
        let data = try ABI.encodeCall("balanceOf(address)", [.address(owner)])

        let answer = try ContractRoutes.call(store: chain.store, address: token.description,
                                             request: .init(data: BaaSCrypto.Hex.encode(data)))
        #expect(answer.status == "success")
        #expect(answer.output == BaaSCrypto.Hex.encode(UInt256(77).bigEndianBytes))

        let transfer = try ABI.encodeCall("transfer(address,uint256)", [.address(chain.user(1).address), .uint(1)])
        let refused = try ContractRoutes.call(store: chain.store, address: token.description,
                                              request: .init(data: BaaSCrypto.Hex.encode(transfer), from: owner.description))
        #expect(refused.status == "failed")
        #expect(refused.reason == "contract.failed")

        let contract = try ContractRoutes.contract(store: chain.store, address: token.description)
        #expect(contract.codeSize == chain.store.code(at: token).count)
        #expect(contract.codeHash == BaaSCrypto.Hex.encode(Keccak256.hash(chain.store.code(at: token))))

        let outcome = try ContractRoutes.outcome(store: chain.store, hash: BaaSCrypto.Hex.encode(deployed.transactionHash))
        #expect(outcome.status == "success")
        #expect(outcome.contractAddress == token.description)
        #expect(outcome.logs.count == 1)
        #expect(outcome.gasUsed == deployed.contract?.gasUsed)

        #expect(throws: (any Error).self) {
            try ContractRoutes.call(store: chain.store, address: "0x12", request: .init(data: ""))
        }
        #expect(throws: (any Error).self) { try ContractRoutes.contract(store: chain.store, address: owner.description) }
        #expect(throws: (any Error).self) { try ContractRoutes.outcome(store: chain.store, hash: "00") }
    }
}
