import Foundation

/// Where the controller is, how to prove who we are, and how to print: resolved from flags, then
/// `BAAS_CONTROLLER` / `BAAS_TOKEN` / `BAAS_CA_FILE`, then the config file (first found wins).
public struct CLISettings: Sendable, Equatable {
    /// How results are printed.
    public enum OutputFormat: String, Sendable, Equatable {
        case table
        case json
    }

    public var controller: String?
    public var token: String?
    public var caFile: String?
    public var output: OutputFormat

    public init(controller: String? = nil, token: String? = nil, caFile: String? = nil, output: OutputFormat = .json) {
        self.controller = controller
        self.token = token
        self.caFile = caFile
        self.output = output
    }

    /// Resolves the settings; pure.
    ///
    /// - Parameters:
    ///   - standardOutputIsTerminal: decides the default output (table on a terminal, json otherwise).
    /// - Throws: `CLIError.usage` for an `--output` other than `table` or `json`.
    public static func resolve(_ arguments: ParsedArguments, environment: [String: String], file: CLIConfigFile,
                               standardOutputIsTerminal: Bool) throws -> CLISettings {
        func pick(_ flag: String, _ variable: String, _ stored: String?) -> String? {
            if let value = arguments[flag], !value.isEmpty { return value }
            if let value = environment[variable], !value.isEmpty { return value }
            return stored.flatMap { $0.isEmpty ? nil : $0 }
        }
        var output: OutputFormat = standardOutputIsTerminal ? .table : .json
        if let text = arguments["output"] {
            guard let format = OutputFormat(rawValue: text) else {
                throw CLIError.usage("--output must be table or json.")
            }
            output = format
        }
        return CLISettings(controller: pick("controller", "BAAS_CONTROLLER", file.controller),
                           token: pick("token", "BAAS_TOKEN", file.token),
                           caFile: pick("ca-file", "BAAS_CA_FILE", file.caFile),
                           output: output)
    }
}
