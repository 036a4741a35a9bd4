import Testing
import BaaSCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LoggingTests {
    static let fixedTime = LogTimestamp(seconds: 1_795_568_523, nanoseconds: 456_789_000)

    static func record(_ message: String = "hello", level: LogLevel = .info, label: String = "x",
                       fields: [LogField] = []) -> LogRecord {
        LogRecord(timestamp: fixedTime, level: level, label: label, message: message, fields: fields,
                  file: "BaaSCoreTests/LoggingTests.swift", function: "f()", line: 42)
    }

    @Test func lineHasTimestampLevelLabelMessageAndFields() {
        let line = LogfmtRenderer.line(Self.record("node started", level: .notice, label: "agent.supervisor",
                                                   fields: [LogField("node", "n-1"), LogField("port", 30303),
                                                            LogField("ok", true), LogField("load", 0.5)]))
        #expect(line == #"2026-11-25T01:02:03.456Z level=notice label=agent.supervisor msg="node started" node=n-1 port=30303 ok=true load=0.5"#)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("", #""""#),
        ("two words", #""two words""#),
        ("a=b", #""a=b""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"back\slash"#, #""back\\slash""#),
        ("line\nbreak", #""line\nbreak""#),
        ("tab\there", #""tab\there""#),
        ("bell\u{7}", #""bell\u{7}""#),
        ("unicode-区块链", "unicode-区块链"),
        ("/var/lib/baas", "/var/lib/baas"),
    ])
    func valuesAreQuotedAndEscapedOnlyWhenNeeded(input: String, rendered: String) {
        #expect(LogfmtRenderer.value(input) == rendered)
    }

    @Test(arguments: [("host_id", "host_id"), ("with space", "with_space"), ("a=b", "a_b"), ("", "_")])
    func keysAreReducedToSafeCharacters(input: String, rendered: String) {
        #expect(LogfmtRenderer.key(input) == rendered)
    }

    @Test func oneRecordIsAlwaysOneLine() {
        let line = LogfmtRenderer.line(Self.record("multi\nline\r\nmessage", fields: [LogField("k", "v\nw")]))
        #expect(!line.contains("\n"))
        #expect(!line.contains("\r"))
    }

    @Test func secretIsNeverRenderedAnywhere() {
        let password = "hunter2-Secret!"
        let value = LogValue.secret(password)
        let sink = InMemoryLogSink()
        let logger = Logger(label: "auth", sink: sink).with(["api_token": .secret(password)])
        logger.warning("login failed", ["user": "alice", "password": .secret(password)])

        let record = sink.records[0]
        let renderings = [
            sink.lines[0],
            JournalLogSink.fields(for: record, identifier: "baas-controller").joined(separator: "\n"),
            "\(value)", String(reflecting: value), String(describing: record),
            { var dumped = ""; dump(record, to: &dumped); return dumped }(),
        ]
        for text in renderings {
            #expect(!text.contains(password))
            #expect(!text.contains("hunter2"))
        }
        #expect(sink.lines[0].hasSuffix("api_token=<redacted> user=alice password=<redacted>"))
        #expect(JournalLogSink.fields(for: record, identifier: "p").contains("PASSWORD=<redacted>"))
    }

    @Test func recordsBelowTheMinimumLevelAreDroppedUnevaluated() {
        let sink = InMemoryLogSink()
        let logger = Logger(label: "filter", sink: sink, minimumLevel: .warning)
        var evaluated = false
        func expensive() -> String {
            evaluated = true
            return "costly"
        }
        logger.trace("t")
        logger.debug(expensive())
        logger.info("i")
        logger.notice("n")
        logger.warning("w")
        logger.error("e")
        logger.critical("c")
        #expect(sink.records.map(\.message) == ["w", "e", "c"])
        #expect(sink.records.map(\.level) == [.warning, .error, .critical])
        #expect(!evaluated)
        #expect(logger.isEnabled(.error))
        #expect(!logger.isEnabled(.info))
    }

    @Test func loggerFieldsComeBeforeCallFields() {
        let sink = InMemoryLogSink()
        Logger(label: "x", sink: sink).with(["a": 1]).with(["b": 2]).info("m", ["c": 3])
        #expect(sink.records[0].fields == [LogField("a", 1), LogField("b", 2), LogField("c", 3)])
    }

    @Test func journalFieldsCarryMessagePriorityIdentifierAndEachField() {
        let record = Self.record("block committed", level: .error, label: "ledger.chain",
                                 fields: [LogField("height", 12), LogField("block hash", "ab cd")])
        let fields = JournalLogSink.fields(for: record, identifier: "baas-ledger")
        #expect(fields == [
            #"MESSAGE=block committed height=12 block_hash="ab cd""#,
            "PRIORITY=3",
            "SYSLOG_IDENTIFIER=baas-ledger",
            "LOGGER=ledger.chain",
            "CODE_FILE=BaaSCoreTests/LoggingTests.swift",
            "CODE_LINE=42",
            "CODE_FUNC=f()",
            "HEIGHT=12",
            "BLOCK_HASH=ab cd",
        ])
    }

    @Test(arguments: [
        ("host_id", "HOST_ID"),
        ("peer.address", "PEER_ADDRESS"),
        ("_trusted", "TRUSTED"),
        ("9lives", "FIELD_9LIVES"),
        ("message", "FIELD_MESSAGE"),
        ("priority", "FIELD_PRIORITY"),
        ("", "FIELD"),
        ("é", "FIELD"),
        (String(repeating: "k", count: 80), String(repeating: "K", count: 64)),
    ])
    func journalFieldNamesAreValidAndNeverReserved(key: String, name: String) {
        #expect(JournalLogSink.fieldName(for: key) == name)
    }

    @Test(arguments: [
        (LogLevel.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func levelsMapToSyslogPriorities(level: LogLevel, priority: Int) {
        #expect(level.syslogPriority == priority)
    }

    @Test func levelNamesParse() throws {
        #expect(try LogLevel(parsing: "INFO") == .info)
        #expect(try LogLevel(parsing: "warn") == .warning)
        #expect(try LogLevel(parsing: "critical") == .critical)
        #expect(throws: CoreError("log.invalid_level", "")) { try LogLevel(parsing: "loud") }
    }

    @Test func journalStreamMatchesOnlyTheSameDeviceAndInode() {
        #expect(JournalStream.matches("8:1234", device: 8, inode: 1234))
        #expect(!JournalStream.matches("8:1234", device: 8, inode: 1235))
        #expect(!JournalStream.matches("9:1234", device: 8, inode: 1234))
        #expect(!JournalStream.matches("garbage", device: 8, inode: 1234))
        #expect(!JournalStream.matches("8:1234:5", device: 8, inode: 1234))
    }

    @Test func timestampIsUTCWithMilliseconds() {
        #expect(Self.fixedTime.iso8601 == "2026-11-25T01:02:03.456Z")
        #expect(LogTimestamp(seconds: 0, nanoseconds: 7_000_000).iso8601 == "1970-01-01T00:00:00.007Z")
        let now = LogTimestamp.now()
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        #expect(abs(Int64(spec.tv_sec) - now.seconds) <= 1)
    }
}

/// The process-wide set-up is global state: these tests run one at a time and restore it.
@Suite(.serialized) struct LoggingSystemTests {
    @Test func bootstrapRoutesDefaultLoggersAndFiltersByLevel() {
        let sink = InMemoryLogSink()
        LoggingSystem.bootstrap(sink, minimumLevel: .notice)
        defer { LoggingSystem.bootstrap(StandardErrorLogSink(), minimumLevel: .info) }
        let logger = Logger(label: "global")
        logger.info("dropped")
        logger.notice("kept", ["k": "v"])
        #expect(sink.records.map(\.message) == ["kept"])
        #expect(sink.records[0].label == "global")
        #expect(LoggingSystem.minimumLevel == .notice)
    }

    @Test func journalIsChosenOnlyWhenStandardErrorIsTheJournalStream() throws {
        var status = stat()
        try #require(fstat(2, &status) == 0)
        let saved = getenv("JOURNAL_STREAM").map { String(cString: $0) }
        defer {
            if let saved { setenv("JOURNAL_STREAM", saved, 1) } else { unsetenv("JOURNAL_STREAM") }
        }
        setenv("JOURNAL_STREAM", "\(status.st_dev):\(status.st_ino)", 1)
        #expect(JournalStream.isStandardErrorJournal())
        setenv("JOURNAL_STREAM", "\(status.st_dev):\(status.st_ino + 1)", 1)
        #expect(!JournalStream.isStandardErrorJournal())
        unsetenv("JOURNAL_STREAM")
        #expect(!JournalStream.isStandardErrorJournal())
    }
}

/// The journal's native protocol, spoken without libsystemd: the exact bytes, and one real datagram.
@Suite struct JournalProtocolTests {
    @Test func singleLineValuesAreNameEqualsValueAndMultiLineValuesAreLengthPrefixed() {
        let datagram = JournalLogSink.datagram(["MESSAGE=started", "STACK=a\nb", "EMPTY="])
        var expected = Array("MESSAGE=started\nSTACK\n".utf8)
        expected += [3, 0, 0, 0, 0, 0, 0, 0]
        expected += Array("a\nb\nEMPTY=\n".utf8)
        #expect(datagram == expected)
    }

    @Test func sinkSendsEachRecordAsOneDatagramToTheJournalSocket() throws {
        let socket = try NotifySocket()
        let sink = JournalLogSink(identifier: "baas-agent", socketPath: socket.path)
        Logger(label: "agent.session", sink: sink).warning("controller unreachable", ["host_id": "h1"])
        let received = try #require(socket.receive())
        let lines = received.split(separator: "\n").map(String.init)
        #expect(lines.contains("MESSAGE=controller unreachable host_id=h1"))
        #expect(lines.contains("PRIORITY=4"))
        #expect(lines.contains("SYSLOG_IDENTIFIER=baas-agent"))
        #expect(lines.contains("LOGGER=agent.session"))
        #expect(lines.contains("HOST_ID=h1"))
        #expect(socket.drain(quiet: .milliseconds(50)).isEmpty)
    }
}
