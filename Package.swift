// swift-tools-version:6.0
// BaaS: a controller, a host agent and a built-in permissioned ledger.
// No package dependencies: Foundation, Dispatch and system C libraries only.
import PackageDescription

let package = Package(
    name: "baas",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "baas-controller", targets: ["baas-controller"]),
        .executable(name: "baas-agent", targets: ["baas-agent"]),
        .executable(name: "baas-ledger", targets: ["baas-ledger"]),
        .executable(name: "baasctl", targets: ["baasctl"]),
        .executable(name: "baas-bench", targets: ["baas-bench"]),
    ],
    targets: [
        // MARK: - C libraries (one Swift wrapper module each)

        /// OpenSSL 3: wrapped by BaaSCrypto only.
        .systemLibrary(name: "COpenSSL", path: "Common/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        /// SQLite 3: wrapped by BaaSSQLite only.
        .systemLibrary(name: "CSQLite", path: "Common/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        /// The PKCS#11 header only (modules are dlopen()ed): wrapped by BaaSPKCS11 only. No pkgConfig on
        /// purpose: `p11-kit-1`'s would link libp11-kit into every program for a header.
        .systemLibrary(name: "CPKCS11", path: "Common/CPKCS11", providers: [.apt(["libp11-kit-dev"])]),
        /// epoll, eventfd, timerfd, posix_spawn extensions: BaaSNet's reactor and the agent's supervisor.
        .systemLibrary(name: "CLinux", path: "Common/CLinux"),

        // MARK: - Common libraries

        /// Logging (stderr / journald), lifecycle (services, signals, sd_notify), command-line basics.
        /// journald and sd_notify are spoken over their documented socket protocols, not through
        /// libsystemd (seven shared libraries, 1 MB resident in every program).
        .target(name: "BaaSCore", path: "Common/BaaSCore"),
        /// Digests, HMAC, random, keys and signers, X.509, CSRs, CRLs, TLS contexts (OpenSSL).
        .target(name: "BaaSCrypto", dependencies: ["COpenSSL", "BaaSCore"], path: "Common/BaaSCrypto"),
        /// A minimal SQLite wrapper: WAL, typed statements, transactions, migrations.
        .target(name: "BaaSSQLite", dependencies: ["CSQLite", "BaaSCore"], path: "Common/BaaSSQLite"),
        /// Keys in PKCS#11 modules (HSMs, SoftHSM2) behind BaaSCrypto's `Signer`.
        .target(name: "BaaSPKCS11", dependencies: ["CPKCS11", "BaaSCrypto", "BaaSCore"], path: "Common/BaaSPKCS11"),
        /// Event-driven mutual-TLS transport, HTTP/1.1 server and client, framed agent channel.
        .target(name: "BaaSNet", dependencies: ["CLinux", "BaaSCrypto", "BaaSCore"], path: "Common/BaaSNet"),

        // MARK: - Ledger

        /// Raft consensus as a pure state machine (no I/O).
        .target(name: "BaaSRaft", path: "Ledger/BaaSRaft"),
        /// EVM interpreter, 256-bit words, Keccak-256, ABI.
        .target(name: "BaaSEVM", path: "Ledger/BaaSEVM"),
        /// The engine interface, the built-in ledger node and its client library.
        .target(name: "BaaSLedger",
                dependencies: ["BaaSRaft", "BaaSEVM", "BaaSCrypto", "BaaSSQLite", "BaaSNet", "BaaSPKCS11", "BaaSCore"],
                path: "Ledger/BaaSLedger"),
        .executableTarget(name: "baas-ledger", dependencies: ["BaaSLedger"], path: "Ledger/baas-ledger"),

        // MARK: - Agent

        /// Enrollment, controller session, node supervisor, collectors, PKCS#11 keys. Not BaaSLedger:
        /// the agent runs `baas-ledger` as a process and must not link the EVM, Raft and SQLite (memory).
        .target(name: "BaaSAgent",
                dependencies: ["BaaSNet", "BaaSCrypto", "BaaSPKCS11", "BaaSCore", "CLinux"],
                path: "Agent/BaaSAgent"),
        /// Linked for a small resident set (docs/benchmarks.md, "Agent footprint"): lld with packed
        /// relative relocations (DT_RELR, glibc ≥ 2.36; the PIE's ~40,000 relocations otherwise take
        /// 1 MB of `.rela.dyn` that the loader reads and keeps), no exported symbols, and the functions
        /// a running agent executes placed together first (packaging/baas-agent.order, made by
        /// packaging/dev/agent-symbol-order.sh; names it no longer has are skipped), and libstdc++
        /// linked statically (packaging/link/libstdc++.so is a linker script picking libstdc++.a).
        .executableTarget(name: "baas-agent", dependencies: ["BaaSAgent"], path: "Agent/baas-agent",
                          linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                                         "-Xlinker", "--no-export-dynamic",
                                                         "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/packaging/baas-agent.order",
                                                         "-Xlinker", "--no-warn-symbol-ordering",
                                                         "-L\(Context.packageDirectory)/packaging/link"])]),

        // MARK: - Controller

        /// REST API, agent gateway, scheduler, CAs, audit, repositories.
        .target(name: "BaaSController",
                dependencies: ["BaaSAgent", "BaaSLedger", "BaaSNet", "BaaSCrypto", "BaaSSQLite", "BaaSCore"],
                path: "Controller/BaaSController"),
        /// The logic of `baasctl`.
        .target(name: "BaaSCLI",
                dependencies: ["BaaSController", "BaaSEVM", "BaaSNet", "BaaSCore"],
                path: "Controller/BaaSCLI"),
        /// The logic of `baas-bench`.
        .target(name: "BaaSBench",
                dependencies: ["BaaSController", "BaaSAgent", "BaaSLedger", "BaaSNet", "BaaSCrypto", "BaaSCore"],
                path: "Controller/BaaSBench"),
        .executableTarget(name: "baas-controller", dependencies: ["BaaSController"], path: "Controller/baas-controller"),
        .executableTarget(name: "baasctl", dependencies: ["BaaSCLI"], path: "Controller/baasctl"),
        .executableTarget(name: "baas-bench", dependencies: ["BaaSBench"], path: "Controller/baas-bench"),

        // MARK: - Tests

        .testTarget(name: "BaaSCoreTests", dependencies: ["BaaSCore"], path: "Tests/BaaSCoreTests"),
        .testTarget(name: "BaaSCryptoTests", dependencies: ["BaaSCrypto", "BaaSCore"], path: "Tests/BaaSCryptoTests"),
        .testTarget(name: "BaaSSQLiteTests", dependencies: ["BaaSSQLite"], path: "Tests/BaaSSQLiteTests"),
        .testTarget(name: "BaaSNetTests", dependencies: ["BaaSNet", "BaaSCrypto", "BaaSCore", "BaaSTestSupport"], path: "Tests/BaaSNetTests"),
        .testTarget(name: "BaaSRaftTests", dependencies: ["BaaSRaft", "BaaSTestSupport"], path: "Tests/BaaSRaftTests"),
        .testTarget(name: "BaaSEVMTests", dependencies: ["BaaSEVM", "BaaSTestSupport"], path: "Tests/BaaSEVMTests"),
        .testTarget(name: "BaaSLedgerTests", dependencies: ["BaaSLedger", "BaaSRaft", "BaaSEVM", "BaaSCrypto", "BaaSSQLite", "BaaSCore", "BaaSPKCS11", "BaaSTestSupport"], path: "Tests/BaaSLedgerTests"),
        /// Fixtures shared by test targets (all test targets run in one process).
        .target(name: "BaaSTestSupport", path: "Tests/BaaSTestSupport"),
        .testTarget(name: "BaaSPKCS11Tests", dependencies: ["BaaSPKCS11", "BaaSCrypto", "BaaSTestSupport"], path: "Tests/BaaSPKCS11Tests"),
        .testTarget(name: "BaaSAgentTests", dependencies: ["BaaSAgent", "BaaSLedger", "BaaSTestSupport"], path: "Tests/BaaSAgentTests"),
        .testTarget(name: "BaaSControllerTests", dependencies: ["BaaSController", "BaaSSQLite", "BaaSCrypto", "BaaSCore"],
                    path: "Tests/BaaSControllerTests"),
        .testTarget(name: "BaaSCLITests", dependencies: ["BaaSCLI", "BaaSController", "BaaSCore"], path: "Tests/BaaSCLITests"),
        /// Start the real executables the way an operator would.
        .testTarget(name: "EndToEndTests", dependencies: ["BaaSCore", "BaaSPKCS11", "BaaSTestSupport"], path: "Tests/EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)
