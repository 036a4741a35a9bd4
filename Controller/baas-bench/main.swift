import BaaSCore
import BaaSBench
#if canImport(Glibc)
import Glibc
#endif

exit(await BenchProgram.tool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
