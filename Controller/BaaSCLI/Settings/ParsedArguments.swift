import Foundation

/// The arguments of one command split into flags and positionals, checked against what the
/// command accepts. Pure; `--flag value` and `--flag=value` both work, `--` ends the flags.
public struct ParsedArguments: Sendable, Equatable {
    /// Flags every controller command accepts.
    public static let globalFlags: Set<String> = ["controller", "token", "ca-file", "output"]

    /// Flag values by name without the dashes (the last one wins when repeated).
    public private(set) var values: [String: String] = [:]
    /// Switches that were given.
    public private(set) var switches: Set<String> = []
    public private(set) var positionals: [String] = []

    /// Parses `arguments`.
    ///
    /// - Parameters:
    ///   - flags: flags that take a value (the global ones are added).
    ///   - switches: flags without a value.
    ///   - positionals: how many positional arguments the command takes.
    /// - Throws: `CLIError.usage` for an unknown flag, a flag without its value, or a wrong
    ///   number of positionals.
    public init(_ arguments: [String], flags: Set<String> = [], switches known: Set<String> = [],
                positionals range: ClosedRange<Int> = 0...0) throws {
        let valued = flags.union(Self.globalFlags)
        var index = 0
        var flagsEnded = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard !flagsEnded, word.hasPrefix("--"), word.count > 2 else {
                if word == "--" && !flagsEnded { flagsEnded = true; continue }
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if known.contains(name) {
                guard inline == nil else { throw CLIError.usage("--\(name) takes no value.") }
                switches.insert(name)
            } else if valued.contains(name) {
                if let inline {
                    values[name] = inline
                } else {
                    guard index < arguments.count else { throw CLIError.usage("--\(name) needs a value.") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                throw CLIError.usage("unknown flag --\(name).")
            }
        }
        guard range.contains(positionals.count) else {
            if positionals.count > range.upperBound {
                throw CLIError.usage("unexpected argument '\(positionals[range.upperBound])'.")
            }
            throw CLIError.usage(range.lowerBound == 1 ? "one argument is missing." : "\(range.lowerBound - positionals.count) argument(s) missing.")
        }
    }

    /// The value of `--flag`, or `nil` when it was not given.
    public subscript(flag: String) -> String? { values[flag] }

    /// The value of a flag that must be there.
    public func required(_ flag: String) throws -> String {
        guard let value = values[flag], !value.isEmpty else { throw CLIError.usage("--\(flag) is required.") }
        return value
    }

    /// A positional argument by index, or `nil` when fewer were given.
    public func positional(_ index: Int) -> String? {
        index < positionals.count ? positionals[index] : nil
    }

    /// `--limit N` as a number from 1 to 1000.
    public func limit() throws -> Int? {
        guard let text = values["limit"] else { return nil }
        guard let value = Int(text), (1...1000).contains(value) else {
            throw CLIError.usage("--limit must be a number from 1 to 1000.")
        }
        return value
    }

    /// Parses `k=v,k=v` (as `--labels` takes it) into a dictionary.
    /// - Throws: `CLIError.usage` for a pair without `=` or with an empty key.
    public static func keyValues(_ text: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw CLIError.usage("labels are key=value pairs separated by commas, such as zone=a,tier=gold.")
            }
            let key = pair[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw CLIError.usage("labels are key=value pairs separated by commas, such as zone=a,tier=gold.")
            }
            result[key] = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// Parses a duration such as `90`, `90s`, `15m`, `1h`, `7d` into seconds.
    /// - Throws: `CLIError.usage` for anything else or a duration that is not positive.
    public static func seconds(_ text: String) throws -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var digits = Substring(text)
        var unit = 1
        if let last = text.last, let factor = units[last] {
            digits = text.dropLast()
            unit = factor
        }
        guard let value = Int(digits), value > 0, value <= Int(Int32.max) / unit else {
            throw CLIError.usage("'\(text)' is not a duration; use seconds or a number with s, m, h or d, such as 1h.")
        }
        return value * unit
    }
}
