import BaaSAgent
import BaaSCore

// Synchronous on purpose (no top-level `await`): see `CommandLineTool.runAndExit`.
AgentProgram.tool.runAndExit(Array(CommandLine.arguments.dropFirst()))
