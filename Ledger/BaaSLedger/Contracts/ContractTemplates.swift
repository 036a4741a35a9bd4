/// Contract templates for developers (R5.15): Vyper sources of an ERC-20 token, a notarisation
/// store and a traceability record. The ledger tests compile them with the real `vyper` and run
/// them on real nodes; `baas-bench tps --tx erc20` deploys the token.
public enum ContractTemplates {
    /// An ERC-20 token: transfer, approve, transferFrom, Transfer/Approval events.
    public static let erc20 = """
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

    /// A notarisation store: record a document hash once, read who recorded it and when.
    public static let notary = """
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

    /// A traceability record: append steps to an item's history and read them back.
    public static let traceability = """
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
}
