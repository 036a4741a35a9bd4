import BaaSCrypto

/// The binary form of `POST /v1/transactions/batch` (`Content-Type: application/octet-stream`):
/// many signed transactions per request without the hex-in-JSON cost.
///
/// Request body: a LEB128 varint count (1…`maxCount`), then each transaction's signed encoding
/// as a varint length and its bytes; nothing after the last one.
///
/// Response body (200, `application/octet-stream`): a varint count equal to the request's, then
/// per transaction in order: a status byte (`0` pending, `1` committed, `2` rejected), the hash as
/// a varint length and its bytes, then for `committed` the height as a varint, for `rejected`
/// the `ledger.*` code and the message, each a varint length and UTF-8 bytes.
///
/// Decoding throws `ledger.malformed` (or `ledger.batch_too_large` past `maxCount`) and never
/// traps.
public enum SubmitBatch {
    /// Most transactions in one request.
    public static let maxCount = 4_096

    /// The request body for `transactions`.
    public static func encode(_ transactions: [[UInt8]]) -> [UInt8] {
        var w = BinaryWriter(capacity: 8 + transactions.reduce(0) { $0 + $1.count + 3 })
        w.varint(UInt64(transactions.count))
        transactions.forEach { w.byteString($0) }
        return w.bytes
    }

    /// The transactions of a request body.
    ///
    /// - Throws: `ledger.batch_too_large` when it holds more than `maxCount`; `ledger.malformed`
    ///   when it is empty, truncated, or has bytes after the last transaction.
    public static func decode(_ body: [UInt8]) throws -> [[UInt8]] {
        var r = BinaryReader(body)
        let count = try r.varint()
        guard count > 0 else { throw LedgerError.malformed("the batch holds no transaction") }
        guard count <= UInt64(maxCount) else {
            throw LedgerError("ledger.batch_too_large",
                              "the batch holds \(count) transactions; send at most \(maxCount) per request")
        }
        var transactions: [[UInt8]] = []
        transactions.reserveCapacity(Int(count))
        for _ in 0..<count { transactions.append(try r.byteString(limit: body.count)) }
        try r.finish()
        return transactions
    }

    /// The response body for `results` (hashes in hex, as the JSON results carry them).
    public static func encode(_ results: [NodeAPIModels.SubmitResult]) -> [UInt8] {
        var w = BinaryWriter(capacity: 4 + results.count * 40)
        w.varint(UInt64(results.count))
        for result in results {
            let hash = (try? Hex.decode(result.hash)) ?? []
            switch result.status {
            case "committed":
                w.u8(1)
                w.byteString(hash)
                w.varint(result.height ?? 0)
            case "rejected":
                w.u8(2)
                w.byteString(hash)
                w.string(result.code ?? "ledger.rejected")
                w.string(result.message ?? "")
            default:
                w.u8(0)
                w.byteString(hash)
            }
        }
        return w.bytes
    }

    /// The results of a response body.
    ///
    /// - Throws: `ledger.malformed` when the body is not a results encoding.
    public static func decodeResults(_ body: [UInt8]) throws -> [NodeAPIModels.SubmitResult] {
        var r = BinaryReader(body)
        let count = try r.length(limit: maxCount, minimumSize: 2)
        var results: [NodeAPIModels.SubmitResult] = []
        results.reserveCapacity(count)
        for _ in 0..<count {
            let status = try r.u8()
            let hash = Hex.encode(try r.byteString(limit: 64))
            switch status {
            case 0:
                results.append(.init(hash: hash, status: "pending"))
            case 1:
                results.append(.init(hash: hash, status: "committed", height: try r.varint()))
            case 2:
                let code = try r.string(limit: 256)
                let message = try r.string(limit: 4_096)
                results.append(.init(hash: hash, status: "rejected", code: code, message: message))
            default:
                throw LedgerError.malformed("submit result status \(status)")
            }
        }
        try r.finish()
        return results
    }
}
