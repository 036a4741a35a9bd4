/// Renders records as `logfmt` lines: `2026-11-25T01:02:03.456Z level=info label=x msg="…" k=v`.
///
/// A value is quoted when it is empty or contains a space, `"`, `=`, `\` or a control character;
/// inside quotes `\` and `"` are escaped and control characters written as `\n`, `\r`, `\t` or
/// `\u{XX}`, so one record is always one line. Keys are reduced to letters, digits, `_`, `.`, `-`.
public enum LogfmtRenderer {
    /// The full line (without the trailing newline).
    public static func line(_ record: LogRecord) -> String {
        var line = record.timestamp.iso8601
        line += " level=" + record.level.description
        line += " label=" + value(record.label)
        line += " msg=" + quoted(record.message)
        let rest = fields(record.fields)
        if !rest.isEmpty { line += " " + rest }
        return line
    }

    /// `k=v k2="v 2"` for the given fields.
    public static func fields(_ fields: [LogField]) -> String {
        fields.map { key($0.key) + "=" + value($0.value.text) }.joined(separator: " ")
    }

    /// A value, quoted only when it needs to be.
    public static func value(_ text: String) -> String {
        needsQuoting(text) ? quoted(text) : text
    }

    /// A value, always quoted and escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A key safe to parse back: anything but letters, digits, `_`, `.` and `-` becomes `_`.
    public static func key(_ text: String) -> String {
        guard !text.isEmpty else { return "_" }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            let allowed = (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || scalar == "_" || scalar == "." || scalar == "-"
            return allowed ? scalar : "_"
        }))
    }

    private static func needsQuoting(_ text: String) -> Bool {
        text.isEmpty || text.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "\"" || scalar == "=" || scalar == "\\" || scalar.value < 0x20
                || scalar.value == 0x7f || scalar.properties.isWhitespace
        }
    }
}
