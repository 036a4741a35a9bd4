import Foundation
import BaaSTestSupport
import Testing
import BaaSEVM

@Suite(.blocking) struct VMTestVectorTests {
    /// Vectors not run by this test, each with the reason.
    static let skipped: [String: String] = {
        var skipped: [String: String] = [:]
        #if DEBUG
        // Each of these loops runs for tens of millions of instructions: seconds in a release
        // build, minutes in a debug one. `baasctl evm vmtest` runs them (see EndToEndTests).
        for name in ["loop-add-10M", "loop-divadd-10M", "loop-exp-16b-100k", "loop-exp-2b-100k",
                     "loop-exp-32b-100k", "loop-exp-4b-100k", "loop-exp-8b-100k", "loop-mul", "loop-mulmod-2M"] {
            skipped["vmPerformance/" + name] = "tens of millions of instructions: too slow for a debug build"
        }
        #endif
        return skipped
    }()

    @Test(.timeLimit(.minutes(2)))
    func everyLegacyVMTestVectorPassesOrIsListedAsSkipped() throws {
        let directory = SharedVectors.vmTestsDirectory
        let results = try VMTestRunner.run(directory: directory, skip: Self.skipped)
        let summary = VMTestRunner.Summary(results)
        for result in results {
            if case .failed(let reason) = result.outcome { Issue.record("\(result.name): \(reason)") }
        }
        #expect(summary.failed == 0)
        #expect(summary.passed + summary.skipped == results.count)
        #expect(summary.skipped == Self.skipped.count)
        #expect(summary.passed > 400)
    }
}
