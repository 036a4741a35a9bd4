import BaaSCore
import BaaSLedger
#if canImport(Glibc)
import Glibc
#endif

exit(await LedgerProgram.tool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
