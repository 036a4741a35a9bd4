import BaaSCrypto
import Testing
@testable import BaaSLedger

struct EncodingTests {
    static let payloads: [TransactionPayload] = [
        .transfer(to: Address(bytes: [UInt8](repeating: 7, count: 20))!, amount: 1_234_567),
        .kvPut(key: Array("deed/42".utf8), value: Array("sha256:abcdef".utf8)),
        .kvPut(key: [0], value: []),
        .kvDelete(key: Array("deed/42".utf8)),
        .addMember(Member(nodeID: 9, role: .observer, certificate: [0x30, 0x03, 0x02, 0x01, 0x01])),
        .removeMember(nodeID: 3),
        .changeRole(nodeID: 2, role: .validator),
        .setParameter(.maxTransactionsPerBlock, 777),
        .transfer(to: .zero, amount: .max),
    ]

    @Test(arguments: payloads)
    func transactionRoundTripsThroughItsEncoding(payload: TransactionPayload) throws {
        let key = PrivateKey.generate(.p256)
        let builder = TransactionBuilder(chainID: "c1", hashAlgorithm: .sha256, signer: key, certificate: key.publicKey.der())
        for form in [TransactionBuilder.SenderForm.certificate, .fingerprint] {
            let tx = try builder.sign(payload, nonce: 300, sender: form)
            let decoded = try Transaction(decoding: tx.encoded())
            #expect(decoded == tx)
            #expect(decoded.encoded() == tx.encoded())
            #expect(decoded.hash(.sha256) == tx.hash(.sha256))
        }
    }

    /// Valid bytes to mutate in the garbage table.
    static func sample() throws -> [UInt8] {
        let key = PrivateKey.generate(.p256)
        let builder = TransactionBuilder(chainID: "c1", hashAlgorithm: .sha256, signer: key, certificate: key.publicKey.der())
        return try builder.transfer(to: .zero, amount: 5, nonce: 1)
    }

    static let garbage: [(String, @Sendable ([UInt8]) -> [UInt8])] = [
        ("empty input", { _ in [] }),
        ("unknown format version", { var b = $0; b[0] = 9; return b }),
        ("truncated by one byte", { Array($0.dropLast()) }),
        ("truncated to half", { Array($0.prefix($0.count / 2)) }),
        ("trailing byte", { $0 + [0] }),
        ("chain id length past the end", { var b = $0; b[1] = 0x7f; return b }),
        ("huge varint length", { [1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] + Array($0.dropFirst(2)) }),
        ("unknown sender kind", { b in var b = b; b[2 + Int(b[1])] = 9; return b }),
        ("only a version byte", { _ in [1] }),
        ("non-minimal varint", { _ in [1, 0x80, 0x00] }),
    ]

    @Test(arguments: 0..<garbage.count)
    func garbageTransactionBytesAreRejectedWithAReason(index: Int) throws {
        let (name, mutate) = Self.garbage[index]
        let bytes = mutate(try Self.sample())
        let error = #expect(throws: LedgerError.self, "\(name)") { try Transaction(decoding: bytes) }
        #expect(error?.code == "ledger.malformed", "\(name)")
        #expect(error?.message.isEmpty == false)
    }

    @Test func randomBytesNeverCrashTheDecoders() throws {
        var generator = SystemRandomNumberGenerator()
        let valid = try Self.sample()
        for round in 0..<3_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            _ = try? Transaction(decoding: bytes)
            _ = try? Block(decoding: bytes)
            _ = try? BlockHeader(decoding: bytes)
            _ = try? Receipt(decoding: bytes)
        }
    }

    @Test func blockRoundTripsAndRejectsTruncation() throws {
        let tx = try Self.sample()
        let header = BlockHeader(height: 5, previousHash: [UInt8](repeating: 1, count: 32), timestampMilliseconds: 99,
                                 transactionsRoot: [UInt8](repeating: 2, count: 32), stateRoot: [UInt8](repeating: 3, count: 32),
                                 receiptsRoot: [UInt8](repeating: 4, count: 32), proposer: 2, raftTerm: 3, raftIndex: 40)
        let block = Block(header: header, transactions: [tx, tx.reversed()])
        #expect(try Block(decoding: block.encoded()) == block)
        #expect(block.hash(.sm3) != block.hash(.sha256))
        let error = #expect(throws: LedgerError.self) { try Block(decoding: Array(block.encoded().dropLast(3))) }
        #expect(error?.code == "ledger.malformed")
    }

    @Test func receiptRoundTrips() throws {
        let receipt = Receipt(transactionHash: [UInt8](repeating: 9, count: 32), status: .failed,
                              reason: "ledger.insufficient_funds",
                              events: [ReceiptEvent("transfer", [("from", "a"), ("to", "b"), ("amount", "3")])])
        #expect(try Receipt(decoding: receipt.encoded()) == receipt)
    }

    @Test func merkleRootDependsOnOrderAndCount() {
        let leaves = (0..<5).map { [UInt8](repeating: UInt8($0), count: 32) }
        let root = MerkleTree.root(leaves, algorithm: .sha256)
        #expect(root != MerkleTree.root(leaves.reversed(), algorithm: .sha256))
        #expect(root != MerkleTree.root(leaves + [leaves[4]], algorithm: .sha256))
        #expect(root != MerkleTree.root(leaves, algorithm: .sm3))
        #expect(MerkleTree.root([], algorithm: .sha256) == [UInt8](repeating: 0, count: 32))
    }
}
