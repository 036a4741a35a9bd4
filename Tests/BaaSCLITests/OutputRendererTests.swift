import BaaSCLI
import BaaSCore
import BaaSNet
import Testing

@Suite struct OutputRendererTests {
    let rows: [JSONValue] = [
        .object(["id": .string("t-1"), "name": .string("acme"), "count": .number(3),
                 "labels": .object(["zone": .string("a"), "tier": .string("gold")])]),
        .object(["id": .string("t-22"), "name": .string("globex"), "count": .number(1.5), "labels": .null]),
    ]
    let columns = [Column("id", "id"), Column("name", "name"), Column("count", "count"), Column("labels", "labels")]

    @Test func rendersAlignedTable() {
        #expect(OutputRenderer.table(columns, rows) == """
        ID    NAME    COUNT  LABELS
        t-1   acme    3      tier=gold,zone=a
        t-22  globex  1.5
        """)
    }

    @Test func emptyTableIsTheHeader() {
        #expect(OutputRenderer.table(columns, []) == "ID  NAME  COUNT  LABELS")
    }

    @Test func rendersNestedRecord() {
        let answer: JSONValue = .object(["secret": .string("bat_x"), "token": .object(["id": .string("k1"),
                                                                                      "scopes": .array([.string("a:read"), .string("b:*")])])])
        let text = OutputRenderer.record([Column("secret", "secret"), Column("token id", "token", "id"),
                                          Column("scopes", "token", "scopes")], answer)
        #expect(text == """
        secret:   bat_x
        token id: k1
        scopes:   a:read,b:*
        """)
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let row: JSONValue = .object(["id": .string("x\u{1B}[31mred")])
        #expect(OutputRenderer.table([Column("id", "id")], [row]) == "ID\nx?[31mred")
    }

    @Test func rendersJSONSortedAndWhole() throws {
        let value = try JSONValue.parse(Array(#"{"b":[1,true,null],"a":"x/y"}"#.utf8))
        #expect(OutputRenderer.json(value) == """
        {
          "a" : "x/y",
          "b" : [
            1,
            true,
            null
          ]
        }
        """)
    }

    @Test func apiErrorIsMessageAndCodeWithExit1() {
        let failure = OutputRenderer.failure(HTTPError(status: 401, code: "controller.invalid_credentials",
                                                       message: "Wrong username or password."))
        #expect(failure.line == "baasctl: Wrong username or password. [controller.invalid_credentials]")
        #expect(failure.exitCode == .failed)
    }

    @Test func usageErrorExits2() {
        let failure = OutputRenderer.failure(CLIError.usage("unknown flag --x."))
        #expect(failure.line.hasPrefix("baasctl: unknown flag --x."))
        #expect(failure.exitCode == .usage)
    }

    @Test func operatorErrorShowsItsCode() {
        let failure = OutputRenderer.failure(CLIError.unreachable("Cannot reach the controller at https://x:1."))
        #expect(failure.line == "baasctl: Cannot reach the controller at https://x:1. [cli.unreachable]")
        #expect(failure.exitCode == .failed)
    }

    @Test func listPageNeedsItems() throws {
        let page = try ListPage(try JSONValue.parse(Array(#"{"items":[{"id":"a"}],"next_cursor":"c2"}"#.utf8)))
        #expect(page.items.count == 1)
        #expect(page.nextCursor == "c2")
        #expect(throws: CLIError.badResponse("")) { try ListPage(.object(["error": .null])) }
    }
}
