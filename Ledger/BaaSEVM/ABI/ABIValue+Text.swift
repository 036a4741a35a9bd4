/// Values as people type and read them (command lines, JSON APIs): numbers in decimal or `0x` hex,
/// `true`/`false`, `0x…` addresses and bytes, `[…]` arrays, `(…)` tuples, and strings — bare at
/// the top level, double-quoted (with `\"` and `\\` escapes) inside arrays and tuples.
extension ABIValue {
    /// Parses `text` as a value of `type`, e.g. `ABIValue(parsing: "[1,2,3]", as: .array(.uint(256)))`.
    /// - Throws: `EVMError` `evm.abi_bad_value` naming what did not parse.
    public init(parsing text: String, as type: ABIType) throws {
        if type == .string && !text.hasPrefix("\"") {
            self = .string(text)
            return
        }
        var parser = TextParser(characters: Array(text))
        let value = try parser.value(type)
        parser.skipSpaces()
        guard parser.atEnd else { throw EVMError.abiValue("unexpected text after the \(type) value in '\(text)'") }
        self = value
    }

    /// The value in the syntax `init(parsing:as:)` reads (signed decimal for `int`, decimal for `uint`).
    public var formatted: String { format(topLevel: true) }

    private func format(topLevel: Bool) -> String {
        switch self {
        case .uint(let word): return word.description
        case .int(let word): return word.isNegative ? "-" + word.negated.description : word.description
        case .address(let address): return address.description
        case .bool(let flag): return flag ? "true" : "false"
        case .fixedBytes(let bytes), .bytes(let bytes): return Hex.encode(bytes)
        case .string(let text):
            if topLevel { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .array(let items): return "[" + items.map { $0.format(topLevel: false) }.joined(separator: ",") + "]"
        case .tuple(let items): return "(" + items.map { $0.format(topLevel: false) }.joined(separator: ",") + ")"
        }
    }

    private struct TextParser {
        let characters: [Character]
        var position = 0

        var atEnd: Bool { position == characters.count }

        mutating func skipSpaces() {
            while position < characters.count && characters[position].isWhitespace { position += 1 }
        }

        mutating func expect(_ character: Character) throws {
            skipSpaces()
            guard position < characters.count, characters[position] == character else {
                throw EVMError.abiValue("expected '\(character)' at position \(position)")
            }
            position += 1
        }

        /// A bare token: everything up to a separator.
        mutating func token() -> String {
            skipSpaces()
            let start = position
            while position < characters.count, !",])".contains(characters[position]) { position += 1 }
            return String(characters[start..<position]).trimmingCharacters(in: " ")
        }

        mutating func quoted() throws -> String {
            try expect("\"")
            var text = ""
            while position < characters.count {
                let character = characters[position]
                position += 1
                if character == "\"" { return text }
                if character == "\\" && position < characters.count {
                    text.append(characters[position])
                    position += 1
                } else {
                    text.append(character)
                }
            }
            throw EVMError.abiValue("unterminated string")
        }

        mutating func sequence(open: Character, close: Character, types: (Int) -> ABIType?) throws -> [ABIValue] {
            try expect(open)
            var items: [ABIValue] = []
            skipSpaces()
            if position < characters.count && characters[position] == close {
                position += 1
                return items
            }
            while true {
                guard let type = types(items.count) else { throw EVMError.abiValue("too many items") }
                items.append(try value(type))
                skipSpaces()
                guard position < characters.count else { throw EVMError.abiValue("missing '\(close)'") }
                let separator = characters[position]
                position += 1
                if separator == close { return items }
                guard separator == "," else { throw EVMError.abiValue("expected ',' or '\(close)'") }
            }
        }

        mutating func value(_ type: ABIType) throws -> ABIValue {
            switch type {
            case .array(let element):
                return .array(try sequence(open: "[", close: "]") { _ in element })
            case .fixedArray(let element, let count):
                let items = try sequence(open: "[", close: "]") { $0 < count ? element : nil }
                guard items.count == count else { throw EVMError.abiValue("\(items.count) items for \(type)") }
                return .array(items)
            case .tuple(let members):
                let items = try sequence(open: "(", close: ")") { $0 < members.count ? members[$0] : nil }
                guard items.count == members.count else { throw EVMError.abiValue("\(items.count) items for \(type)") }
                return .tuple(items)
            case .string:
                skipSpaces()
                return .string(try quoted())
            default:
                return try elementary(token(), type)
            }
        }

        func elementary(_ text: String, _ type: ABIType) throws -> ABIValue {
            let bad = EVMError.abiValue("'\(text)' is not a \(type)")
            switch type {
            case .uint:
                guard let word = Self.number(text) else { throw bad }
                return .uint(word)
            case .int:
                let negative = text.hasPrefix("-")
                guard let magnitude = Self.number(negative ? String(text.dropFirst()) : text) else { throw bad }
                return .int(negative ? magnitude.negated : magnitude)
            case .address:
                guard let address = EVMAddress(hex: text) else { throw bad }
                return .address(address)
            case .bool:
                guard text == "true" || text == "false" else { throw bad }
                return .bool(text == "true")
            case .fixedBytes:
                guard let bytes = Hex.decode(text) else { throw bad }
                return .fixedBytes(bytes)
            case .bytes:
                guard let bytes = Hex.decode(text) else { throw bad }
                return .bytes(bytes)
            default:
                throw bad
            }
        }

        static func number(_ text: String) -> UInt256? {
            text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt256(hex: text) : UInt256(decimal: text)
        }
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
