import BaaSCLI
import Testing

@Suite struct CLISettingsTests {
    let file = CLIConfigFile(controller: "https://file:1", token: "bss_file", caFile: "/file/ca.pem")
    let environment = ["BAAS_CONTROLLER": "https://env:2", "BAAS_TOKEN": "bss_env", "BAAS_CA_FILE": "/env/ca.pem"]

    @Test func flagsWinOverEnvironmentAndFile() throws {
        let flags = try ParsedArguments(["--controller", "https://flag:3", "--token", "bss_flag", "--ca-file", "/flag/ca.pem"])
        let settings = try CLISettings.resolve(flags, environment: environment, file: file, standardOutputIsTerminal: true)
        #expect(settings == CLISettings(controller: "https://flag:3", token: "bss_flag", caFile: "/flag/ca.pem", output: .table))
    }

    @Test func environmentWinsOverFile() throws {
        let settings = try CLISettings.resolve(try ParsedArguments([]), environment: environment, file: file,
                                               standardOutputIsTerminal: false)
        #expect(settings == CLISettings(controller: "https://env:2", token: "bss_env", caFile: "/env/ca.pem", output: .json))
    }

    @Test func fileIsTheLastResort() throws {
        let settings = try CLISettings.resolve(try ParsedArguments([]), environment: ["BAAS_TOKEN": ""], file: file,
                                               standardOutputIsTerminal: false)
        #expect(settings.controller == "https://file:1")
        #expect(settings.token == "bss_file")
        #expect(settings.caFile == "/file/ca.pem")
    }

    @Test func eachSettingResolvesOnItsOwn() throws {
        let flags = try ParsedArguments(["--token", "bss_flag"])
        let settings = try CLISettings.resolve(flags, environment: ["BAAS_CA_FILE": "/env/ca.pem"], file: file,
                                               standardOutputIsTerminal: false)
        #expect(settings == CLISettings(controller: "https://file:1", token: "bss_flag", caFile: "/env/ca.pem", output: .json))
    }

    @Test func outputDefaultsToTableOnlyOnATerminal() throws {
        let none = try ParsedArguments([])
        #expect(try CLISettings.resolve(none, environment: [:], file: CLIConfigFile(), standardOutputIsTerminal: true).output == .table)
        #expect(try CLISettings.resolve(none, environment: [:], file: CLIConfigFile(), standardOutputIsTerminal: false).output == .json)
        let table = try ParsedArguments(["--output", "table"])
        #expect(try CLISettings.resolve(table, environment: [:], file: CLIConfigFile(), standardOutputIsTerminal: false).output == .table)
    }

    @Test func refusesUnknownOutputFormat() throws {
        let flags = try ParsedArguments(["--output", "yaml"])
        #expect(throws: CLIError.usage("")) {
            try CLISettings.resolve(flags, environment: [:], file: CLIConfigFile(), standardOutputIsTerminal: false)
        }
    }

    @Test func configPathFollowsXDGThenHome() {
        #expect(CLIConfigFile.path(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/baas/config.json")
        #expect(CLIConfigFile.path(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/baas/config.json")
        #expect(CLIConfigFile.path(environment: ["HOME": "/h"]) == "/h/.config/baas/config.json")
        #expect(CLIConfigFile.path(environment: [:]) == nil)
    }
}
