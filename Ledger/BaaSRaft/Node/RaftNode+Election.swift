/// Terms, roles and elections (pre-vote, vote, leader transfer, check-quorum).
extension RaftNode {
    enum VoteResult { case pending, won, lost }

    func tickElection() {
        electionElapsed += 1
        if isPromotable && electionElapsed >= randomizedElectionTimeout {
            electionElapsed = 0
            hup(transfer: false)
        }
    }

    func tickLeader() {
        heartbeatElapsed += 1
        electionElapsed += 1
        if electionElapsed >= electionTimeout {
            electionElapsed = 0
            if config.checkQuorum && !quorumActive() {
                becomeFollower(term: term, leader: 0)
                return
            }
            if leadTransferee != 0 { leadTransferee = 0 }
        }
        if heartbeatElapsed >= config.heartbeatTicks {
            heartbeatElapsed = 0
            broadcastHeartbeat()
        }
    }

    /// Whether a quorum of voters was heard from since the last check; starts a new period.
    private func quorumActive() -> Bool {
        var active = 0
        for voter in confState.voters {
            guard let pr = progress[voter] else { continue }
            if voter == id || pr.recentActive { active += 1 }
        }
        for (peer, pr) in progress where peer != id { pr.recentActive = false }
        return active >= quorum
    }

    var quorum: Int { confState.voters.count / 2 + 1 }

    func hup(transfer: Bool) {
        guard role != .leader, isPromotable, !log.hasUnappliedConfChange else { return }
        if transfer {
            campaign(.transfer)
        } else {
            campaign(config.preVote ? .preElection : .election)
        }
    }

    enum CampaignKind { case preElection, election, transfer }

    func campaign(_ kind: CampaignKind) {
        let campaignTerm: UInt64
        if kind == .preElection {
            becomePreCandidate()
            campaignTerm = term + 1
        } else {
            becomeCandidate()
            campaignTerm = term
        }
        if poll(from: id, granted: true) == .won {
            if kind == .preElection {
                campaign(.election)
            } else {
                becomeLeader()
            }
            return
        }
        let lastIndex = log.lastIndex
        let lastTerm = log.lastTerm
        for voter in confState.voters where voter != id {
            if kind == .preElection {
                send(to: voter, term: campaignTerm, .preVote(lastIndex: lastIndex, lastTerm: lastTerm))
            } else {
                send(to: voter, term: campaignTerm,
                     .vote(lastIndex: lastIndex, lastTerm: lastTerm, transfer: kind == .transfer))
            }
        }
    }

    func poll(from voter: UInt64, granted: Bool) -> VoteResult {
        if votes[voter] == nil { votes[voter] = granted }
        var yes = 0
        var no = 0
        for v in confState.voters {
            switch votes[v] {
            case true?: yes += 1
            case false?: no += 1
            case nil: break
            }
        }
        if yes >= quorum { return .won }
        if confState.voters.count - no < quorum { return .lost }
        return .pending
    }

    private func reset(term newTerm: UInt64) {
        if term != newTerm {
            term = newTerm
            vote = 0
        }
        leader = 0
        electionElapsed = 0
        heartbeatElapsed = 0
        resetRandomizedElectionTimeout()
        leadTransferee = 0
        votes = [:]
        let last = log.lastIndex
        for peer in Array(progress.keys) {
            let fresh = Progress(next: last + 1, maxInflight: config.maxInflight)
            if peer == id { fresh.match = last }
            progress[peer] = fresh
        }
        pendingConfIndex = 0
    }

    func becomeFollower(term newTerm: UInt64, leader newLeader: UInt64) {
        reset(term: newTerm)
        role = .follower
        leader = newLeader
    }

    private func becomePreCandidate() {
        role = .preCandidate
        votes = [:]
        leader = 0
    }

    private func becomeCandidate() {
        reset(term: term + 1)
        vote = id
        role = .candidate
    }

    func becomeLeader() {
        reset(term: term)
        role = .leader
        leader = id
        if let own = progress[id] {
            own.becomeReplicate()
            own.recentActive = true
        }
        appendEntries([RaftEntry(term: term, index: log.lastIndex + 1, kind: .empty)])
        // No membership change until this term's first entry is applied: a leader that changed
        // the configuration before committing in its own term could lose a change made by a
        // predecessor and let two quorums form (the single-server change bug).
        pendingConfIndex = log.lastIndex
        broadcastAppend()
    }

    // MARK: - Step

    /// Processes one message from a peer. Messages for another node, from old terms, or that make
    /// no sense in this node's role are dropped (some answered so the sender catches up).
    public func step(_ m: RaftMessage) {
        guard m.to == id, m.from != id, m.from != 0 else { return }
        if m.term > term {
            let isVoteRequest: Bool
            let force: Bool
            switch m.kind {
            case .preVote: (isVoteRequest, force) = (true, false)
            case let .vote(_, _, transfer): (isVoteRequest, force) = (true, transfer)
            default: (isVoteRequest, force) = (false, false)
            }
            if isVoteRequest && !force {
                // A follower that hears from a leader does not help depose it.
                let inLease = config.checkQuorum && leader != 0 && electionElapsed < electionTimeout
                if inLease { return }
            }
            switch m.kind {
            case .preVote:
                break
            case .preVoteResponse(reject: false):
                break
            case .append, .heartbeat, .snapshot:
                becomeFollower(term: m.term, leader: m.from)
            default:
                becomeFollower(term: m.term, leader: 0)
            }
        } else if m.term < term {
            switch m.kind {
            case .append, .heartbeat:
                // A stale leader (or this node, back from a partition with a raised term) learns
                // the current term, so the cluster does not stall on it.
                if config.checkQuorum || config.preVote {
                    send(to: m.from, .appendResponse(index: 0, reject: false, rejectHint: 0, hintTerm: 0))
                }
            case .preVote:
                send(to: m.from, .preVoteResponse(reject: true))
            default:
                break
            }
            return
        }

        switch m.kind {
        case let .preVote(lastIndex, lastTerm), let .vote(lastIndex, lastTerm, _):
            let isPre: Bool
            if case .preVote = m.kind { isPre = true } else { isPre = false }
            let canVote = vote == m.from || (vote == 0 && leader == 0) || (isPre && m.term > term)
            if canVote && log.isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm) {
                send(to: m.from, term: m.term, isPre ? .preVoteResponse(reject: false) : .voteResponse(reject: false))
                if !isPre {
                    electionElapsed = 0
                    vote = m.from
                }
            } else {
                send(to: m.from, isPre ? .preVoteResponse(reject: true) : .voteResponse(reject: true))
            }
        default:
            switch role {
            case .leader: stepLeader(m)
            case .candidate, .preCandidate: stepCandidate(m)
            case .follower: stepFollower(m)
            }
        }
    }

    private func stepCandidate(_ m: RaftMessage) {
        switch m.kind {
        case .append, .heartbeat, .snapshot:
            becomeFollower(term: m.term, leader: m.from)
            stepFollower(m)
        case let .preVoteResponse(reject) where role == .preCandidate:
            tally(from: m.from, granted: !reject)
        case let .voteResponse(reject) where role == .candidate:
            tally(from: m.from, granted: !reject)
        default:
            break
        }
    }

    private func tally(from voter: UInt64, granted: Bool) {
        switch poll(from: voter, granted: granted) {
        case .won:
            if role == .preCandidate {
                campaign(.election)
            } else {
                becomeLeader()
            }
        case .lost:
            becomeFollower(term: term, leader: 0)
        case .pending:
            break
        }
    }

    private func stepFollower(_ m: RaftMessage) {
        switch m.kind {
        case .append, .heartbeat, .snapshot:
            electionElapsed = 0
            leader = m.from
            switch m.kind {
            case let .append(prevIndex, prevTerm, entries, commit):
                handleAppend(prevIndex: prevIndex, prevTerm: prevTerm, entries: entries, commit: commit, from: m.from)
            case let .heartbeat(commit):
                log.commitTo(min(commit, log.lastIndex))
                send(to: m.from, .heartbeatResponse)
            case let .snapshot(snapshot):
                handleSnapshot(snapshot, from: m.from)
            default:
                break
            }
        case .timeoutNow:
            hup(transfer: true)
        default:
            break
        }
    }
}
