import Foundation
import BaaSTestSupport
import Testing
import BaaSEVM

/// An ERC-20 token written in Vyper and compiled by the real `vyper` (PyPI; installed by
/// packaging/dev/install-deps.sh) for Shanghai, then deployed and called through the ABI.
@Suite(.blocking) struct VyperTokenTests {
    static let source = """
# pragma version ^0.4.0

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

name: public(String[32])
symbol: public(String[8])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])

@deploy
def __init__(_name: String[32], _symbol: String[8], _supply: uint256):
    self.name = _name
    self.symbol = _symbol
    self.decimals = 18
    self.totalSupply = _supply
    self.balanceOf[msg.sender] = _supply
    log Transfer(sender=empty(address), receiver=msg.sender, value=_supply)

@external
def transfer(_to: address, _value: uint256) -> bool:
    assert _to != empty(address), "transfer to the zero address"
    self.balanceOf[msg.sender] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=msg.sender, receiver=_to, value=_value)
    return True

@external
def approve(_spender: address, _value: uint256) -> bool:
    self.allowance[msg.sender][_spender] = _value
    log Approval(owner=msg.sender, spender=_spender, value=_value)
    return True

@external
def transferFrom(_from: address, _to: address, _value: uint256) -> bool:
    self.allowance[_from][msg.sender] -= _value
    self.balanceOf[_from] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=_from, receiver=_to, value=_value)
    return True

@external
@view
def balancesOf(_owners: DynArray[address, 8]) -> DynArray[uint256, 8]:
    result: DynArray[uint256, 8] = []
    for owner: address in _owners:
        result.append(self.balanceOf[owner])
    return result
"""

    /// The init code of the source, compiled by the real `vyper`, or why not.
    static let initCode = Result { try Vyper.compile(source) }

    let deployer = address("0xde91")
    let alice = address("0xa11ce")
    let bob = address("0xb0b")
    static let supply: UInt64 = 1_000_000
    static let transferTopic = Keccak256.hashWord(Array("Transfer(address,address,uint256)".utf8))

    /// A fresh chain with the token deployed by `deployer`.
    func deploy() throws -> (EVMExecutor, EVMAddress, EVMReceipt) {
        let initCode = try Self.initCode.get()
        let arguments = try ABI.encode([.string("Test Token"), .string("TT"), .uint(UInt256(Self.supply))],
                                       as: [.string, .string, .uint(256)])
        let executor = EVMExecutor(state: WorldState(), rules: .shanghai, context: EVMContext(origin: deployer))
        let receipt = executor.transact(EVMMessage(kind: .create, gas: 3_000_000, recipient: .zero, sender: deployer,
                                                   input: initCode + arguments))
        let token = try #require(receipt.result.createdAddress, "deployment failed: \(receipt.result.status)")
        return (executor, token, receipt)
    }

    func send(_ executor: EVMExecutor, from sender: EVMAddress, to token: EVMAddress, _ signature: String,
              returns: String = "()", _ arguments: [ABIValue]) throws -> (EVMReceipt, [ABIValue]) {
        let function = try ABIFunction(signature, returns: returns)
        executor.context.origin = sender
        let receipt = executor.transact(EVMMessage(kind: .call, gas: 200_000, recipient: token, sender: sender,
                                                   input: try function.encodeCall(arguments)))
        let outputs = receipt.result.isSuccess ? try function.decodeOutput(receipt.result.output) : []
        return (receipt, outputs)
    }

    func balance(_ executor: EVMExecutor, _ token: EVMAddress, _ owner: EVMAddress) throws -> UInt256? {
        try send(executor, from: owner, to: token, "balanceOf(address)", returns: "(uint256)", [.address(owner)]).1.first?.word
    }

    @Test func deploymentRunsTheConstructorAndPublicGettersAnswer() throws {
        let (executor, token, receipt) = try deploy()
        #expect(receipt.logs == [EVMLog(address: token, topics: [Self.transferTopic, .zero, deployer.word],
                                        data: UInt256(Self.supply).bigEndianBytes)])
        #expect(try send(executor, from: alice, to: token, "name()", returns: "(string)", []).1 == [.string("Test Token")])
        #expect(try send(executor, from: alice, to: token, "symbol()", returns: "(string)", []).1 == [.string("TT")])
        #expect(try send(executor, from: alice, to: token, "decimals()", returns: "(uint8)", []).1 == [.uint(18)])
        #expect(try balance(executor, token, deployer) == UInt256(Self.supply))
    }

    @Test func transferMovesTokensAndLogs() throws {
        let (executor, token, _) = try deploy()
        let (receipt, outputs) = try send(executor, from: deployer, to: token, "transfer(address,uint256)",
                                          returns: "(bool)", [.address(alice), .uint(250)])
        #expect(receipt.result.isSuccess)
        #expect(outputs == [.bool(true)])
        #expect(receipt.logs == [EVMLog(address: token, topics: [Self.transferTopic, deployer.word, alice.word],
                                        data: UInt256(250).bigEndianBytes)])
        #expect(try balance(executor, token, alice) == UInt256(250))
        #expect(try balance(executor, token, deployer) == UInt256(Self.supply - 250))
    }

    @Test func overdraftRevertsAndLeavesBalancesAlone() throws {
        let (executor, token, _) = try deploy()
        let (receipt, _) = try send(executor, from: alice, to: token, "transfer(address,uint256)", [.address(bob), .uint(1)])
        #expect(receipt.result.status == .revert)
        #expect(receipt.logs.isEmpty)
        #expect(try balance(executor, token, alice) == .zero)
        #expect(try balance(executor, token, bob) == .zero)
    }

    @Test func failedAssertionRevertsWithItsReason() throws {
        let (executor, token, _) = try deploy()
        let (receipt, _) = try send(executor, from: deployer, to: token, "transfer(address,uint256)",
                                    [.address(.zero), .uint(1)])
        #expect(receipt.result.status == .revert)
        #expect(ABI.revertReason(receipt.result.output) == "transfer to the zero address")
    }

    @Test func approvedSpenderTransfersOnTheOwnersBehalf() throws {
        let (executor, token, _) = try deploy()
        #expect(try send(executor, from: deployer, to: token, "approve(address,uint256)", returns: "(bool)",
                         [.address(alice), .uint(100)]).1 == [.bool(true)])
        let (moved, _) = try send(executor, from: alice, to: token, "transferFrom(address,address,uint256)",
                                  [.address(deployer), .address(bob), .uint(60)])
        #expect(moved.result.isSuccess)
        let (tooMuch, _) = try send(executor, from: alice, to: token, "transferFrom(address,address,uint256)",
                                    [.address(deployer), .address(bob), .uint(41)])
        #expect(tooMuch.result.status == .revert)
        #expect(try send(executor, from: bob, to: token, "allowance(address,address)", returns: "(uint256)",
                         [.address(deployer), .address(alice)]).1 == [.uint(40)])
        #expect(try balance(executor, token, bob) == UInt256(60))
    }

    @Test func dynamicArrayArgumentsAndResultsRoundTrip() throws {
        let (executor, token, _) = try deploy()
        _ = try send(executor, from: deployer, to: token, "transfer(address,uint256)", [.address(bob), .uint(7)])
        let (_, outputs) = try send(executor, from: alice, to: token, "balancesOf(address[])", returns: "(uint256[])",
                                    [.array([.address(deployer), .address(alice), .address(bob)])])
        #expect(outputs == [.array([.uint(UInt256(Self.supply - 7)), .uint(0), .uint(7)])])
    }
}
