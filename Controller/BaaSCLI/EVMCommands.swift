import BaaSCore
import BaaSEVM

/// `baasctl evm …`: contract tooling that runs locally, without a controller.
enum EVMCommands {
    static let group: (String, CommandLineTool.Node) = (
        "evm", .group(summary: "EVM tooling (runs locally)", children: [
            ("vmtest", .command(
                summary: "run Ethereum VMTests vector files and report the results",
                usage: """
                DIR

                Runs every .json vector file under DIR (legacy VMTests format), lists each failure
                as 'FAIL <name>: <reason>' and ends with {"passed":…,"failed":…,"skipped":…}.
                Exits 0 when nothing failed, 1 otherwise.
                """,
                action: { arguments in vmtest(arguments) })),
        ]))

    static func vmtest(_ arguments: [String]) -> ExitCode {
        guard arguments.count == 1, let directory = arguments.first, !directory.hasPrefix("-") else {
            printStandardError("usage: baasctl evm vmtest DIR")
            return .usage
        }
        let results: [VMTestRunner.Result]
        do {
            results = try VMTestRunner.run(directory: directory)
        } catch {
            printStandardError("baasctl evm vmtest: \(error); check the path")
            return .failed
        }
        for result in results {
            switch result.outcome {
            case .passed: break
            case .failed(let reason): print("FAIL \(result.name): \(reason)")
            case .skipped(let reason): print("SKIP \(result.name): \(reason)")
            }
        }
        let summary = VMTestRunner.Summary(results)
        print(summary.json)
        return summary.failed == 0 ? .ok : .failed
    }
}
