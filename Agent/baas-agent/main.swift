import BaaSAgent
import BaaSCore

AgentProgram.limitMallocArenas()
// Synchronous on purpose (no top-level `await`): see `CommandLineTool.runAndExit`.
AgentProgram.tool.runAndExit(Array(CommandLine.arguments.dropFirst()))
