import Foundation

/// Where the shared Ethereum VM vectors live: `$BAAS_SHARED_DIR/testdata/evm/VMTests`, or the
/// `shared` folder beside the repository root.
enum SharedVectors {
    static var vmTestsDirectory: String {
        if let shared = ProcessInfo.processInfo.environment["BAAS_SHARED_DIR"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("testdata/evm/VMTests").path
        }
        let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repositoryRoot.appendingPathComponent("../shared/testdata/evm/VMTests").standardized.path
    }
}
