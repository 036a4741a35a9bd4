import Testing
import BaaSSQLite

@Suite struct SQLiteErrorTests {
    @Test func errorsCompareByCode() {
        #expect(SQLiteError("sqlite.busy", "a") == SQLiteError("sqlite.busy", "b"))
        #expect(SQLiteError("sqlite.busy", "a") != SQLiteError("sqlite.corrupt", "a"))
    }
}
