import BaaSCrypto
import Synchronization
import Testing
@testable import BaaSLedger

/// The binary batch of `POST /v1/transactions/batch` and the commit waits behind `?wait=commit`.
struct SubmitBatchTests {
    @Test func batchesRoundTripAndBrokenBodiesAreRefusedWithoutTrapping() throws {
        let transactions: [[UInt8]] = [[1, 2, 3], [UInt8](repeating: 9, count: 300), [0]]
        let encoded = SubmitBatch.encode(transactions)
        #expect(try SubmitBatch.decode(encoded) == transactions)
        for cut in 0..<encoded.count {
            let error = #expect(throws: LedgerError.self, "cut at \(cut)") { try SubmitBatch.decode(Array(encoded[0..<cut])) }
            #expect(error?.code == "ledger.malformed", "cut at \(cut)")
        }
        #expect((#expect(throws: LedgerError.self) { try SubmitBatch.decode(encoded + [7]) })?.code == "ledger.malformed")
        #expect((#expect(throws: LedgerError.self) { try SubmitBatch.decode([0]) })?.code == "ledger.malformed")
        // A count far beyond the body, and one beyond the limit.
        #expect((#expect(throws: LedgerError.self) { try SubmitBatch.decode([0xff, 0xff, 0x03, 1, 1]) })?.code
                == "ledger.batch_too_large")
        let tooMany = SubmitBatch.encode([[UInt8]](repeating: [1], count: SubmitBatch.maxCount + 1))
        #expect((#expect(throws: LedgerError.self) { try SubmitBatch.decode(tooMany) })?.code == "ledger.batch_too_large")
        #expect(try SubmitBatch.decode(SubmitBatch.encode([[UInt8]](repeating: [1], count: SubmitBatch.maxCount))).count
                == SubmitBatch.maxCount)
        // A length prefix that claims more than the body holds.
        #expect((#expect(throws: LedgerError.self) { try SubmitBatch.decode([1, 0x80, 0x80, 0x01, 5]) })?.code == "ledger.malformed")
    }

    @Test func resultsRoundTrip() throws {
        let hash = Hex.encode([UInt8](repeating: 0xab, count: 32))
        let results: [NodeAPIModels.SubmitResult] = [
            .init(hash: hash, status: "pending"), .init(hash: hash, status: "committed", height: 300),
            .init(hash: hash, status: "rejected", code: "ledger.bad_signature", message: "re-sign it"),
            .init(hash: "", status: "rejected", code: "ledger.malformed", message: "not a transaction"),
        ]
        let decoded = try SubmitBatch.decodeResults(SubmitBatch.encode(results))
        #expect(decoded.map(\.status) == results.map(\.status))
        #expect(decoded.map(\.hash) == results.map(\.hash))
        #expect(decoded[1].height == 300)
        #expect(decoded[2].code == "ledger.bad_signature")
        #expect(decoded[2].message == "re-sign it")
        #expect(throws: LedgerError.self) { try SubmitBatch.decodeResults([1, 9, 0]) }
        #expect(throws: LedgerError.self) { try SubmitBatch.decodeResults(Array(SubmitBatch.encode(results).dropLast())) }
    }

    @Test func aRequestWaitsOnceForAllItsTransactions() async {
        let waiters = CommitWaiters()
        let a: [UInt8] = [1], b: [UInt8] = [2], c: [UInt8] = [3]
        // Committed between registration and the wait: seen without any lookup.
        let early = waiters.register([a, b])
        waiters.committed([a], height: 4)
        let pending = Task { await waiters.wait(early, for: [0, 1], timeout: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(50))
        waiters.admitted([c])
        let recorded = Mutex(-1)
        waiters.committed([b, c], height: 5) { latencies in recorded.withLock { $0 = latencies.count } }
        #expect(await pending.value == [4, 5])
        #expect(recorded.withLock { $0 } == 1)
        // Only the awaited indices hold the answer back; a timeout answers what committed.
        let partial = waiters.register([a, c])
        #expect(await waiters.wait(partial, for: [], timeout: .seconds(60)) == [nil, nil])
        let late = waiters.register([b, c])
        waiters.committed([b], height: 6)
        #expect(await waiters.wait(late, for: [0, 1], timeout: .milliseconds(50)) == [6, nil])
        // Nothing stays registered once answered.
        waiters.committed([a, b, c], height: 7)
        let again = waiters.register([c])
        #expect(await waiters.wait(again, for: [0], timeout: .milliseconds(10)) == [nil])
    }
}
