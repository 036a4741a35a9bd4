/// The compact binary encoding (see `WireCodable`).
extension RaftMessage: WireCodable {
    private enum Tag: UInt8 {
        case preVote = 1, preVoteResponse, vote, voteResponse, append, appendResponse
        case heartbeat, heartbeatResponse, snapshot, timeoutNow
    }

    func encode(to w: inout ByteWriter) {
        w.varint(from)
        w.varint(to)
        w.varint(term)
        switch kind {
        case let .preVote(lastIndex, lastTerm):
            w.u8(Tag.preVote.rawValue)
            w.varint(lastIndex)
            w.varint(lastTerm)
        case let .preVoteResponse(reject):
            w.u8(Tag.preVoteResponse.rawValue)
            w.bool(reject)
        case let .vote(lastIndex, lastTerm, transfer):
            w.u8(Tag.vote.rawValue)
            w.varint(lastIndex)
            w.varint(lastTerm)
            w.bool(transfer)
        case let .voteResponse(reject):
            w.u8(Tag.voteResponse.rawValue)
            w.bool(reject)
        case let .append(prevIndex, prevTerm, entries, commit):
            w.u8(Tag.append.rawValue)
            w.varint(prevIndex)
            w.varint(prevTerm)
            w.varint(commit)
            w.varint(UInt64(entries.count))
            entries.forEach { $0.encode(to: &w) }
        case let .appendResponse(index, reject, rejectHint, hintTerm):
            w.u8(Tag.appendResponse.rawValue)
            w.varint(index)
            w.bool(reject)
            w.varint(rejectHint)
            w.varint(hintTerm)
        case let .heartbeat(commit):
            w.u8(Tag.heartbeat.rawValue)
            w.varint(commit)
        case .heartbeatResponse:
            w.u8(Tag.heartbeatResponse.rawValue)
        case let .snapshot(snapshot):
            w.u8(Tag.snapshot.rawValue)
            snapshot.encode(to: &w)
        case .timeoutNow:
            w.u8(Tag.timeoutNow.rawValue)
        }
    }

    init(from r: inout ByteReader) throws {
        let from = try r.varint()
        let to = try r.varint()
        let term = try r.varint()
        let raw = try r.u8()
        guard let tag = Tag(rawValue: raw) else { throw RaftError.malformed("message type \(raw)") }
        let kind: Kind
        switch tag {
        case .preVote:
            kind = .preVote(lastIndex: try r.varint(), lastTerm: try r.varint())
        case .preVoteResponse:
            kind = .preVoteResponse(reject: try r.bool())
        case .vote:
            kind = .vote(lastIndex: try r.varint(), lastTerm: try r.varint(), transfer: try r.bool())
        case .voteResponse:
            kind = .voteResponse(reject: try r.bool())
        case .append:
            let prevIndex = try r.varint()
            let prevTerm = try r.varint()
            let commit = try r.varint()
            var entries: [RaftEntry] = []
            // An entry takes at least 4 bytes: term, index, kind and data length.
            for _ in 0..<(try r.count(minimumSize: 4)) { entries.append(try RaftEntry(from: &r)) }
            kind = .append(prevIndex: prevIndex, prevTerm: prevTerm, entries: entries, commit: commit)
        case .appendResponse:
            kind = .appendResponse(index: try r.varint(), reject: try r.bool(),
                                   rejectHint: try r.varint(), hintTerm: try r.varint())
        case .heartbeat:
            kind = .heartbeat(commit: try r.varint())
        case .heartbeatResponse:
            kind = .heartbeatResponse
        case .snapshot:
            kind = .snapshot(try RaftSnapshot(from: &r))
        case .timeoutNow:
            kind = .timeoutNow
        }
        self.init(from: from, to: to, term: term, kind: kind)
    }

    /// The compact binary encoding, for the network.
    public func encoded() -> [UInt8] { wireBytes() }
    /// Decodes `encoded()` output; throws `RaftError` (`raft.malformed`) on anything else —
    /// truncated, trailing, unknown tags, overflowing integers, forged lengths.
    public init(decoding bytes: [UInt8]) throws { try self.init(wireBytes: bytes) }
}
