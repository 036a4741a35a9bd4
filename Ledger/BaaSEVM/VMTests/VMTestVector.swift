/// One test of the legacy Ethereum `VMTests` format, as decoded from its JSON file.
struct VMTestVector: Decodable {
    struct Environment: Decodable {
        var currentCoinbase: String
        var currentDifficulty: String
        var currentGasLimit: String
        var currentNumber: String
        var currentTimestamp: String
    }

    struct Execution: Decodable {
        var address: String
        var caller: String
        var code: String
        var data: String
        var gas: String
        var gasPrice: String
        var origin: String
        var value: String
    }

    struct Account: Decodable {
        var balance: String
        var code: String
        var nonce: String
        var storage: [String: String]
    }

    struct CallCreate: Decodable {
        var data: String
        var destination: String
        var gasLimit: String
        var value: String
    }

    var env: Environment
    var exec: Execution
    var pre: [String: Account]
    /// Absent when the test expects an exceptional halt (as are `gas`, `logs` and `out`).
    var post: [String: Account]?
    var gas: String?
    var logs: String?
    var out: String?
    var callcreates: [CallCreate]?
}
