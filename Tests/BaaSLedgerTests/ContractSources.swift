import Foundation
import BaaSEVM
import Synchronization

/// Vyper sources of the contracts the ledger tests deploy, compiled by the real `vyper` (PyPI,
/// installed by packaging/dev/install-deps.sh) for Shanghai.
enum ContractSources {
    static let token = """
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
    assert self.balanceOf[msg.sender] >= _value, "insufficient balance"
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
    assert self.allowance[_from][msg.sender] >= _value, "allowance exceeded"
    self.allowance[_from][msg.sender] -= _value
    self.balanceOf[_from] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=_from, receiver=_to, value=_value)
    return True
"""

    static let notary = """
# pragma version ^0.4.0

event Notarised:
    digest: indexed(bytes32)
    owner: indexed(address)
    note: String[64]

struct Record:
    owner: address
    timestamp: uint256
    note: String[64]

records: HashMap[bytes32, Record]

@external
def notarise(_digest: bytes32, _note: String[64]):
    assert self.records[_digest].owner == empty(address), "already notarised"
    self.records[_digest] = Record(owner=msg.sender, timestamp=block.timestamp, note=_note)
    log Notarised(digest=_digest, owner=msg.sender, note=_note)

@external
@view
def lookup(_digest: bytes32) -> (address, uint256, String[64]):
    record: Record = self.records[_digest]
    return record.owner, record.timestamp, record.note
"""

    static let traceability = """
# pragma version ^0.4.0

event Step:
    item: indexed(uint256)
    actor: indexed(address)
    location: String[32]

struct Entry:
    actor: address
    location: String[32]
    height: uint256

creator: public(HashMap[uint256, address])
steps: HashMap[uint256, DynArray[Entry, 16]]

@external
def register(_item: uint256, _location: String[32]):
    assert self.creator[_item] == empty(address), "item already registered"
    self.creator[_item] = msg.sender
    self.steps[_item].append(Entry(actor=msg.sender, location=_location, height=block.number))
    log Step(item=_item, actor=msg.sender, location=_location)

@external
def record(_item: uint256, _location: String[32]):
    assert self.creator[_item] != empty(address), "unknown item"
    self.steps[_item].append(Entry(actor=msg.sender, location=_location, height=block.number))
    log Step(item=_item, actor=msg.sender, location=_location)

@external
@view
def stepCount(_item: uint256) -> uint256:
    return len(self.steps[_item])

@external
@view
def stepAt(_item: uint256, _index: uint256) -> (address, String[32], uint256):
    entry: Entry = self.steps[_item][_index]
    return entry.actor, entry.location, entry.height
"""

    struct CompileError: Error, CustomStringConvertible {
        var description: String
    }

    private static let cache = Mutex<[String: [UInt8]]>([:])

    /// The init code `vyper -f bytecode --evm-version shanghai` makes of `source` (cached per source).
    static func compile(_ source: String) throws -> [UInt8] {
        if let code = cache.withLock({ $0[source] }) { return code }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("baas-vyper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("Contract.vy")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let output = scratch.appendingPathComponent("bytecode")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The interpreter install-deps.sh installs vyper into (`python3 -m pip`).
        process.arguments = ["python3", "-m", "vyper", "-f", "bytecode", "--evm-version", "shanghai", file.path]
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, let code = Hex.decode(text), !code.isEmpty else {
            throw CompileError(description: "vyper exited with \(process.terminationStatus); is it installed (make deps)?")
        }
        cache.withLock { $0[source] = code }
        return code
    }

    /// Init code that deploys `runtime` as it is (CODECOPY of the bytes after a 12-byte prefix, RETURN).
    static func deploying(runtime: [UInt8]) -> [UInt8] {
        precondition(runtime.count < 256)
        let length = UInt8(runtime.count)
        return [0x60, length, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, length, 0x60, 0x00, 0xf3] + runtime
    }
}
