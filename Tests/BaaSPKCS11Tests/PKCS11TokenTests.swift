import BaaSCrypto
import BaaSTestSupport
import Foundation
import Testing
@testable import BaaSPKCS11

/// Keys in a real SoftHSM2 token, through the real PKCS#11 module.
@Suite(.serialized) struct PKCS11TokenTests {
    let setup = SoftHSMFixture.setup

    func token(_ label: String = "agent", pin: PINSource? = nil) throws -> PKCS11Token {
        try PKCS11Token(module: PKCS11Module.load(path: SoftHSMFixture.modulePath), label: label,
                        pin: pin ?? .file(setup.pinFile))
    }

    @Test func generatedKeyIsNonExtractableAndItsSignaturesVerify() throws {
        let signer = try token().generateKey(label: "node-\(UUID().uuidString)")
        let message = Array("block 42".utf8)
        let signature = try signer.sign(message)
        #expect(signer.publicKey.verify(signature: signature, message: message))
        #expect(!signer.publicKey.verify(signature: signature, message: Array("block 43".utf8)))
        #expect(try token().isExtractable(signer) == false)
    }

    @Test func aNewSessionFindsTheSameKeyByLabel() throws {
        let label = "agent-tls-\(UUID().uuidString)"
        let made = try token().generateKey(label: label)
        let found = try token().signer(label: label)
        #expect(found.publicKey == made.publicKey)
        let again = try token().signerGeneratingIfNeeded(label: label)
        #expect(again.publicKey == made.publicKey)
        #expect(throws: PKCS11Error("pkcs11.key_exists", "")) { try token().generateKey(label: label) }
    }

    @Test func tokenSignatureVerifiesWithTheOpenSSLCommand() throws {
        let signer = try token().generateKey(label: "interop-\(UUID().uuidString)")
        let directory = setup.directory + "/interop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let message = Array("signed inside the HSM".utf8)
        try Data(message).write(to: URL(fileURLWithPath: directory + "/msg"))
        try Data(signer.sign(message)).write(to: URL(fileURLWithPath: directory + "/sig"))
        try signer.publicKey.pem().write(toFile: directory + "/pub.pem", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["dgst", "-sha256", "-verify", directory + "/pub.pem", "-signature", directory + "/sig", directory + "/msg"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func wrongPINIsRefusedWithoutRevealingIt() throws {
        let wrong = setup.directory + "/wrong-pin"
        _ = FileManager.default.createFile(atPath: wrong, contents: Data("9999-wrong".utf8), attributes: [.posixPermissions: 0o600])
        // A fresh token: a successful login elsewhere in the process would leave "agent" logged in.
        let error = try #require(throws: PKCS11Error.self) { try token("spare", pin: .file(wrong)) }
        #expect(error.code == "pkcs11.ckr_pin_incorrect")
        #expect(!error.message.contains("9999"))
    }

    @Test func pinFileReadableByOthersIsRefused() throws {
        let open = setup.directory + "/open-pin"
        _ = FileManager.default.createFile(atPath: open, contents: Data(SoftHSMFixture.userPIN.utf8), attributes: [.posixPermissions: 0o644])
        #expect(throws: PKCS11Error("pkcs11.pin_exposed", "")) { try token(pin: .file(open)) }
    }

    @Test func pinFromTheSystemdCredentialDirectory() throws {
        let credentials = setup.directory + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: credentials + "/hsm-pin", contents: Data(SoftHSMFixture.userPIN.utf8))
        setenv("CREDENTIALS_DIRECTORY", credentials, 1)
        defer { unsetenv("CREDENTIALS_DIRECTORY") }
        let signer = try token(pin: .credential("hsm-pin")).generateKey(label: "cred-\(UUID().uuidString)")
        #expect(signer.algorithm == .p256)
    }

    @Test func unknownTokenLabelListsTheTokensPresent() throws {
        let error = try #require(throws: PKCS11Error.self) { try token("nope") }
        #expect(error.code == "pkcs11.token_not_found")
        #expect(error.message.contains("'agent'"))
    }

    @Test func missingModuleIsAClearLoadError() {
        #expect(throws: PKCS11Error("pkcs11.load_failed", "")) { try PKCS11Module.load(path: "/nonexistent/libhsm.so") }
    }

    @Test func keysAreListedWithTheirAttributesAndDeletedByLabel() throws {
        let label = "listed-\(UUID().uuidString)"
        let signer = try token().generateKey(label: label)
        let listed = try token().privateKeys().filter { $0.label == label }
        #expect(listed == [PKCS11Token.KeyInfo(label: label, extractable: false, sensitive: true)])
        #expect(try token().deleteKey(label: label) == 2, "the private and the public half")
        #expect(try token().privateKeys().contains { $0.label == label } == false)
        #expect(throws: PKCS11Error("pkcs11.key_not_found", "")) { try token().signer(label: label) }
        #expect(try token().deleteKey(label: label) == 0, "deleting again is not an error")
        #expect(signer.publicKey.algorithm == .p256)
    }

    @Test func tokenCallsUseTheHostLockTheEnvironmentNames() throws {
        // The fixture names one lock for this process and its children; an agent names its own
        // only when none is set.
        let lock = setup.directory + "/pkcs11.lock"
        #expect(PKCS11Module.shareHostLock(path: "/elsewhere/pkcs11.lock") == lock)
        _ = try token().privateKeys()
        #expect(FileManager.default.fileExists(atPath: lock))
    }

    @Test func tokenKeySignsACertificateThroughOpenSSL() throws {
        let signer = try token().generateKey(label: "ca-\(UUID().uuidString)")
        let external = try PrivateKey(external: signer)
        #expect(external.isExternal)
        let issuer = try CertificateIssuer.selfSigned(.rootCA(subject: DistinguishedName(commonName: "HSM root"),
                                                               notBefore: Date(), notAfter: Date().addingTimeInterval(3600)),
                                                      signer: signer)
        #expect(issuer.certificate.publicKey == signer.publicKey)
        #expect(issuer.certificate.isSigned(by: signer.publicKey))
    }
}

