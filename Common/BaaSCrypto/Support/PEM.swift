/// One PEM block (RFC 7468): a label such as `CERTIFICATE` and the DER bytes it wraps.
public struct PEMBlock: Sendable, Equatable {
    /// The label between `-----BEGIN ` and `-----`.
    public let label: String
    /// The decoded body.
    public let der: [UInt8]

    /// Wraps `der` under `label`.
    public init(label: String, der: [UInt8]) {
        self.label = label
        self.der = der
    }

    /// The block as text: BEGIN line, Base64 in 64-column lines, END line, final newline.
    public var text: String {
        let body = Base64.encode(der)
        var lines = ["-----BEGIN \(label)-----"]
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
            lines.append(String(body[start..<end]))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses every PEM block in `text`, in order.
    ///
    /// Only whitespace may appear between and around blocks: anything else (including a truncated
    /// block) is an error, so a file with junk appended is rejected rather than half-read.
    /// - Throws: `CryptoError` `crypto.malformed_pem` (structure) or `crypto.malformed_base64` (body).
    public static func parseAll(_ text: String) throws -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var rest = Substring(text)
        while true {
            let trimmed = rest.drop { $0.isWhitespace }
            if trimmed.isEmpty { break }
            guard trimmed.hasPrefix("-----BEGIN ") else {
                let what = blocks.isEmpty ? "the text does not start with a PEM BEGIN line" : "unexpected data after PEM block '\(blocks.last!.label)'"
                throw CryptoError("crypto.malformed_pem", what)
            }
            let afterBegin = trimmed.dropFirst("-----BEGIN ".count)
            guard let labelEnd = afterBegin.firstRange(of: "-----") else {
                throw CryptoError("crypto.malformed_pem", "a PEM BEGIN line is not terminated by '-----'")
            }
            let label = String(afterBegin[..<labelEnd.lowerBound])
            guard !label.contains(where: { $0.isNewline }) else {
                throw CryptoError("crypto.malformed_pem", "a PEM BEGIN line is not terminated by '-----'")
            }
            let bodyAndRest = afterBegin[labelEnd.upperBound...]
            let endMarker = "-----END \(label)-----"
            guard let endRange = bodyAndRest.firstRange(of: endMarker) else {
                throw CryptoError("crypto.malformed_pem", "the PEM block '\(label)' has no matching END line (truncated?)")
            }
            let body = bodyAndRest[..<endRange.lowerBound]
            if body.contains("-----") {
                throw CryptoError("crypto.malformed_pem", "the PEM block '\(label)' contains another BEGIN/END line or headers")
            }
            if body.contains(":") {
                throw CryptoError("crypto.malformed_pem", "the PEM block '\(label)' has headers (encrypted PEM is not supported)")
            }
            let der = try Base64.decode(body)
            if der.isEmpty {
                throw CryptoError("crypto.malformed_pem", "the PEM block '\(label)' is empty")
            }
            blocks.append(PEMBlock(label: label, der: der))
            rest = bodyAndRest[endRange.upperBound...]
        }
        if blocks.isEmpty {
            throw CryptoError("crypto.malformed_pem", "the text contains no PEM block")
        }
        return blocks
    }

    /// Parses text that must hold exactly one block labelled `label` (blocks labelled with one of
    /// `ignoring`, such as `EC PARAMETERS`, may accompany it).
    ///
    /// - Throws: `CryptoError` `crypto.wrong_pem_label` when the block has another label, or
    ///   `crypto.malformed_pem` for structure errors.
    public static func parseOne(_ text: String, label: String, ignoring: Set<String> = []) throws -> PEMBlock {
        try parseOne(text, labels: [label], ignoring: ignoring)
    }

    /// Like `parseOne(_:label:ignoring:)`, accepting any of `labels`.
    public static func parseOne(_ text: String, labels: [String], ignoring: Set<String> = []) throws -> PEMBlock {
        let blocks = try parseAll(text).filter { !ignoring.contains($0.label) }
        let expected = labels.map { "'\($0)'" }.joined(separator: " or ")
        guard let first = blocks.first else {
            throw CryptoError("crypto.malformed_pem", "expected a PEM block \(expected) but found none")
        }
        guard labels.contains(first.label) else {
            throw CryptoError("crypto.wrong_pem_label", "expected a PEM block \(expected) but found '\(first.label)'")
        }
        guard blocks.count == 1 else {
            throw CryptoError("crypto.malformed_pem", "expected one PEM block \(expected) but found \(blocks.count) blocks")
        }
        return first
    }
}
