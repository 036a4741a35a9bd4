import Testing
import BaaSRaft

@Suite struct WireEncodingTests {
    static let snapshot = RaftSnapshot(
        metadata: SnapshotMetadata(index: 99, term: 7, confState: ConfState(voters: [1, 2, 3], learners: [9])),
        data: Array(0..<200).map { UInt8($0) })
    static let entries = [
        RaftEntry(term: 3, index: 10, kind: .normal, data: [1, 2, 3]),
        RaftEntry(term: 3, index: 11, kind: .confChange, data: ConfChange(.promote, 4).encoded()),
        RaftEntry(term: 4, index: 12, kind: .empty),
    ]
    static let messages: [RaftMessage] = [
        RaftMessage(from: 1, to: 2, term: 5, kind: .preVote(lastIndex: 10, lastTerm: 4)),
        RaftMessage(from: 2, to: 1, term: 5, kind: .preVoteResponse(reject: true)),
        RaftMessage(from: 1, to: 2, term: 5, kind: .vote(lastIndex: .max, lastTerm: 4, transfer: true)),
        RaftMessage(from: 2, to: 1, term: 5, kind: .voteResponse(reject: false)),
        RaftMessage(from: 1, to: 3, term: 6, kind: .append(prevIndex: 9, prevTerm: 3, entries: entries, commit: 8)),
        RaftMessage(from: 1, to: 3, term: 6, kind: .append(prevIndex: 9, prevTerm: 3, entries: [], commit: 8)),
        RaftMessage(from: 3, to: 1, term: 6, kind: .appendResponse(index: 9, reject: true, rejectHint: 5, hintTerm: 2)),
        RaftMessage(from: 1, to: 3, term: 6, kind: .heartbeat(commit: 12)),
        RaftMessage(from: 3, to: 1, term: 6, kind: .heartbeatResponse),
        RaftMessage(from: 1, to: 4, term: 6, kind: .snapshot(snapshot)),
        RaftMessage(from: .max, to: 4, term: .max, kind: .timeoutNow),
    ]

    @Test(arguments: messages)
    func messageRoundTrips(message: RaftMessage) throws {
        #expect(try RaftMessage(decoding: message.encoded()) == message)
    }

    @Test(arguments: messages)
    func everyTruncationOrExtensionThrows(message: RaftMessage) throws {
        let bytes = message.encoded()
        for length in 0..<bytes.count {
            #expect(throws: RaftError.self) { try RaftMessage(decoding: Array(bytes[..<length])) }
        }
        #expect(throws: RaftError.self) { try RaftMessage(decoding: bytes + [0]) }
    }

    @Test func randomGarbageNeverDecodesSilentlyWrongOrCrashes() {
        var random = SeededRandom(seed: 42)
        var rejected = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<64, using: &random)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            if !bytes.isEmpty && Bool.random(using: &random) { bytes[0] = 1 }
            do {
                let message = try RaftMessage(decoding: bytes)
                // Whatever decodes is a real message: it survives its own round trip.
                #expect(try RaftMessage(decoding: message.encoded()) == message)
            } catch let error as RaftError {
                #expect(error.code == "raft.malformed")
                rejected += 1
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(rejected > 4_000)
    }

    @Test func forgedLengthsAndOverflowsThrow() {
        // An append claiming 2^62 entries in a few bytes.
        let forgedCount: [UInt8] = [1, 1, 2, 3, 5, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]
        #expect(throws: RaftError.self) { try RaftMessage(decoding: forgedCount) }
        // A varint of eleven bytes.
        let overflow: [UInt8] = [1] + Array(repeating: 0xff, count: 10) + [0x01]
        #expect(throws: RaftError.self) { try RaftMessage(decoding: overflow) }
        // An unknown message type and a wrong format version.
        #expect(throws: RaftError.self) { try RaftMessage(decoding: [1, 1, 2, 3, 99]) }
        #expect(throws: RaftError.self) { try RaftMessage(decoding: [2, 1, 2, 3, 10]) }
    }

    @Test func persistedRecordsRoundTrip() throws {
        let hard = HardState(term: 9, vote: 3, commit: 1 << 40)
        #expect(try HardState(decoding: hard.encoded()) == hard)
        let conf = ConfState(voters: [5, 1, 3], learners: [7, 1])
        #expect(conf.voters == [1, 3, 5] && conf.learners == [7])
        #expect(try ConfState(decoding: conf.encoded()) == conf)
        for entry in Self.entries { #expect(try RaftEntry(decoding: entry.encoded()) == entry) }
        #expect(try SnapshotMetadata(decoding: Self.snapshot.metadata.encoded()) == Self.snapshot.metadata)
        #expect(throws: RaftError.self) { try ConfChange(decoding: [1, 9, 1]) }
    }
}
