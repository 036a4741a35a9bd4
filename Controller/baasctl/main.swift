import BaaSCore
import BaaSCLI
#if canImport(Glibc)
import Glibc
#endif

exit(await CLIProgram.tool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
