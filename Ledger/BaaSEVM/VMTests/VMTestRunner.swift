import FoundationEssentials

/// Runs legacy Ethereum `VMTests` vector files (the format of ethereum/legacytests) and checks gas
/// left, output, the logs hash, the post state and the recorded calls/creations.
///
/// Vectors run under `EVMRules.legacyVMTests`; message calls and creations are recorded by the
/// test host rather than executed, as the format prescribes. Blocking (reads files); thread-safe.
public enum VMTestRunner {
    /// One test's outcome.
    public struct Result: Sendable, Equatable {
        /// Passed, failed with what differed, or skipped with why.
        public enum Outcome: Sendable, Equatable {
            case passed
            case failed(reason: String)
            case skipped(reason: String)
        }

        /// `<folder>/<file stem>/<test name>` relative to the directory run.
        public var name: String
        public var outcome: Outcome
    }

    /// Counts of a run.
    public struct Summary: Sendable, Equatable {
        public var passed = 0
        public var failed = 0
        public var skipped = 0

        /// Counts `results`.
        public init(_ results: [Result]) {
            for result in results {
                switch result.outcome {
                case .passed: passed += 1
                case .failed: failed += 1
                case .skipped: skipped += 1
                }
            }
        }

        /// `{"passed":…,"failed":…,"skipped":…}`.
        public var json: String { "{\"passed\":\(passed),\"failed\":\(failed),\"skipped\":\(skipped)}" }
    }

    /// Runs every `.json` file under `directory` (recursively, in name order). Tests whose name is a
    /// key of `skip` are not run and are reported skipped with the given reason.
    /// - Throws: `EVMError` `evm.unreadable_directory` when `directory` cannot be listed.
    public static func run(directory: String, skip: [String: String] = [:]) throws -> [Result] {
        let root = URL(fileURLWithPath: directory)
        let files: [String]
        do {
            files = try FileManager.default.subpathsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        } catch {
            throw EVMError.unreadableDirectory(directory)
        }
        var results: [Result] = []
        for relative in files.sorted() {
            let stem = String(relative.dropLast(".json".count))
            let vectors: [String: VMTestVector]
            do {
                let data = try Data(contentsOf: root.appendingPathComponent(relative))
                vectors = try JSONDecoder().decode([String: VMTestVector].self, from: data)
            } catch {
                results.append(Result(name: stem, outcome: .failed(reason: "unreadable vector file: \(error)")))
                continue
            }
            for (testName, vector) in vectors.sorted(by: { $0.key < $1.key }) {
                let name = stem.hasSuffix("/" + testName) || stem == testName ? stem : stem + "/" + testName
                if let reason = skip[name] {
                    results.append(Result(name: name, outcome: .skipped(reason: reason)))
                    continue
                }
                let outcome: Result.Outcome
                if let failure = check(vector) {
                    outcome = .failed(reason: failure)
                } else {
                    outcome = .passed
                }
                results.append(Result(name: name, outcome: outcome))
            }
        }
        return results
    }

    /// Runs one vector; nil when it passes, else what differed.
    static func check(_ vector: VMTestVector) -> String? {
        guard let code = Hex.decode(vector.exec.code), let input = Hex.decode(vector.exec.data),
              let address = EVMAddress(hex: vector.exec.address), let caller = EVMAddress(hex: vector.exec.caller),
              let origin = EVMAddress(hex: vector.exec.origin), let coinbase = EVMAddress(hex: vector.env.currentCoinbase),
              let gasWord = UInt256(hex: vector.exec.gas), let gas = gasWord.intValue
        else { return "malformed exec or env section" }
        let state = WorldState()
        guard load(vector.pre, into: state) else { return "malformed pre state" }
        state.beginTransaction()
        let context = EVMContext(
            origin: origin, gasPrice: word(vector.exec.gasPrice), coinbase: coinbase,
            number: word(vector.env.currentNumber).w0, timestamp: word(vector.env.currentTimestamp).w0,
            gasLimit: word(vector.env.currentGasLimit).w0, prevRandao: word(vector.env.currentDifficulty))
        let host = VMTestHost(state: state, rules: .legacyVMTests, context: context)
        let message = EVMMessage(kind: .call, gas: Int64(gas), recipient: address, sender: caller,
                                 value: word(vector.exec.value), input: input, codeAddress: address)
        let result = Interpreter.run(message: message, code: code, codeHash: Keccak256.hashWord(code), host: host)
        let logs = state.logs
        state.endTransaction(deleteEmptyTouched: false)

        guard let post = vector.post else {
            return result.isSuccess ? "expected an exceptional halt, got success" : nil
        }
        guard result.isSuccess else { return "expected success, got \(describe(result.status))" }
        var problems: [String] = []
        if let expected = vector.gas, word(expected) != UInt256(UInt64(result.gasLeft)) {
            problems.append("gas left \(result.gasLeft), expected \(word(expected))")
        }
        if let expected = vector.out, Hex.decode(expected) != result.output {
            problems.append("output \(Hex.encode(result.output)), expected \(expected)")
        }
        if let expected = vector.logs, word(expected) != EVMLog.hash(of: logs) {
            problems.append("logs hash \(EVMLog.hash(of: logs).hexString), expected \(expected)")
        }
        problems += comparePost(post, with: state)
        let expectedCalls = (vector.callcreates ?? []).map { entry in
            VMTestHost.CallCreate(data: Hex.decode(entry.data) ?? [], destination: EVMAddress(hex: entry.destination),
                                  gasLimit: Int64(word(entry.gasLimit).intValue ?? -1), value: word(entry.value))
        }
        if expectedCalls != host.callCreates {
            problems.append("recorded \(host.callCreates.count) calls/creates, expected \(expectedCalls.count) (or they differ)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    private static func word(_ hex: String) -> UInt256 { UInt256(hex: hex) ?? .zero }

    private static func describe(_ status: EVMResult.Status) -> String {
        switch status {
        case .success: return "success"
        case .revert: return "revert"
        case .failure(let reason): return "failure (\(reason))"
        }
    }

    private static func load(_ accounts: [String: VMTestVector.Account], into state: WorldState) -> Bool {
        for (hex, account) in accounts {
            guard let address = EVMAddress(hex: hex), let code = Hex.decode(account.code),
                  let balance = UInt256(hex: account.balance), let nonce = UInt256(hex: account.nonce)?.intValue
            else { return false }
            state.setBalance(address, balance)
            state.setNonce(address, UInt64(nonce))
            state.setCode(address, code)
            for (key, value) in account.storage {
                guard let key = UInt256(hex: key), let value = UInt256(hex: value) else { return false }
                state.setStorage(address, key: key, value: value)
            }
        }
        return true
    }

    private static func comparePost(_ post: [String: VMTestVector.Account], with state: WorldState) -> [String] {
        var problems: [String] = []
        var expectedAddresses: Set<EVMAddress> = []
        for (hex, expected) in post {
            guard let address = EVMAddress(hex: hex) else { return ["malformed post address \(hex)"] }
            expectedAddresses.insert(address)
            guard let actual = state.account(address) else {
                problems.append("\(address) missing after execution")
                continue
            }
            if actual.balance != word(expected.balance) {
                problems.append("\(address) balance \(actual.balance.hexString), expected \(expected.balance)")
            }
            if UInt256(actual.nonce) != word(expected.nonce) {
                problems.append("\(address) nonce \(actual.nonce), expected \(expected.nonce)")
            }
            if actual.code != Hex.decode(expected.code) {
                problems.append("\(address) code differs")
            }
            var expectedStorage: [UInt256: UInt256] = [:]
            for (key, value) in expected.storage where !word(value).isZero { expectedStorage[word(key)] = word(value) }
            let actualStorage = state.cachedStorage(address).filter { !$0.value.isZero }
            if actualStorage != expectedStorage {
                let shown = actualStorage.sorted { $0.key < $1.key }.map { "\($0.key.hexString): \($0.value.hexString)" }
                problems.append("\(address) storage {\(shown.joined(separator: ", "))} differs from the expected")
            }
        }
        for change in state.changes() where change.account != nil && !expectedAddresses.contains(change.address) {
            problems.append("\(change.address) exists after execution but not in post")
        }
        return problems
    }
}
