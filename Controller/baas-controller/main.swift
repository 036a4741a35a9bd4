import BaaSCore
import BaaSController
#if canImport(Glibc)
import Glibc
#endif

exit(await ControllerProgram.tool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
