import BaaSCore
import BaaSAgent
#if canImport(Glibc)
import Glibc
#endif

exit(await AgentProgram.tool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
