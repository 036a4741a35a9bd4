import BaaSCore

/// Every failure of BaaSLedger: a stable code and a message saying what is wrong and what to do.
///
/// Rejections of transactions and blocks carry codes a client or peer can act on:
/// `ledger.malformed` (bytes that are not a valid encoding), `ledger.oversize`,
/// `ledger.wrong_chain`, `ledger.bad_signature`, `ledger.foreign_identity` (a sender whose
/// certificate does not chain to the network CA), `ledger.unknown_identity` (a fingerprint the
/// chain has not seen a certificate for), `ledger.nonce_too_low` (a replay), `ledger.nonce_gap`,
/// `ledger.duplicate`, `ledger.pool_full`, `ledger.bad_block` (a block that fails validation), `ledger.invalid_genesis`,
/// `ledger.store` (the database is not usable), `ledger.snapshot` (a snapshot that cannot be
/// imported). Errors compare by code only. A transaction that was ordered into a block but failed
/// is not an error: its `Receipt` carries the reason.
public struct LedgerError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: LedgerError, b: LedgerError) -> Bool { a.code == b.code }
}

extension LedgerError {
    static func malformed(_ what: String) -> LedgerError {
        LedgerError("ledger.malformed", "malformed ledger encoding: \(what); the sender must re-encode with this format version")
    }
    static func badBlock(_ why: String) -> LedgerError {
        LedgerError("ledger.bad_block", "block refused: \(why)")
    }
    static func invalidGenesis(_ why: String) -> LedgerError {
        LedgerError("ledger.invalid_genesis", "invalid genesis: \(why); fix the genesis file and start again")
    }
}
