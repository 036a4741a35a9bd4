import BaaSCore
import BaaSNet

/// Turns answers and errors into the text `baasctl` prints; pure, so tests check the exact output.
///
/// Tables: upper-case headers, columns padded with two spaces, no trailing blanks. Records: one
/// `field: value` line per column. JSON: the answer as the controller sent it, pretty and sorted.
public enum OutputRenderer {
    /// A table of `rows`; just the header line when there are none.
    public static func table(_ columns: [Column], _ rows: [JSONValue]) -> String {
        let cells = rows.map { row in columns.map { sanitize($0.text(of: row)) } }
        let headers = columns.map { $0.header.uppercased() }
        let widths = headers.indices.map { index in
            ([headers[index]] + cells.map { $0[index] }).map(\.count).max() ?? 0
        }
        return ([headers] + cells).map { line in
            line.enumerated().map { index, text in
                index == line.count - 1 ? text : text + String(repeating: " ", count: widths[index] - text.count + 2)
            }.joined().trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// One object as `field: value` lines, the labels aligned.
    public static func record(_ columns: [Column], _ item: JSONValue) -> String {
        let width = columns.map(\.header.count).max() ?? 0
        return columns.map { column in
            let label = column.header + ":"
            return (label + String(repeating: " ", count: width - column.header.count + 1) + sanitize(column.text(of: item)))
                .trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// `--output json`.
    public static func json(_ value: JSONValue) -> String {
        value.prettyText
    }

    /// The stderr line and exit code for a failure: API errors as `baasctl: <message> [<code>]`
    /// (exit 1), usage errors exit 2, everything else exit 1.
    public static func failure(_ error: any Error) -> (line: String, exitCode: ExitCode) {
        switch error {
        case let error as HTTPError:
            return ("baasctl: \(sanitize(error.message)) [\(sanitize(error.code))]", .failed)
        case let error as CLIError where error.isUsage:
            return ("baasctl: \(error.message) Run the command with --help for its options.", .usage)
        case let error as any OperatorError:
            return ("baasctl: \(error.message) [\(error.code)]", .failed)
        default:
            return ("baasctl: \(error)", .failed)
        }
    }

    /// Control characters from the controller never reach the terminal (no escape sequences).
    static func sanitize(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
