import Foundation

/// The result of one run of the `catalog` binary.
public struct RunResult: CustomStringConvertible, Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let stdoutData: Data

    public var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    public var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }

    public init(status: Int32, stdout: String, stderr: String, stdoutData: Data) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutData = stdoutData
    }
}

/// Why the `catalog` binary could not be run.
public enum CLIError: Error, CustomStringConvertible {
    case binaryNotFound([String])
    case timedOut([String])

    public var description: String {
        switch self {
        case .binaryNotFound(let tried):
            "the catalog binary built with these tests was not found (build it with `swift build --build-tests`); tried "
                + tried.joined(separator: ", ")
        case .timedOut(let arguments): "catalog \(arguments.joined(separator: " ")) did not finish in time"
        }
    }
}

/// The `catalog` executable under test and how to run it.
public enum CatalogProcess {
    /// The `catalog` built beside the test bundle, in the same build products folder. There is no
    /// fallback to another build (such as `.build/debug/catalog`): a binary from another build
    /// could be stale, and tests must fail loudly rather than test it.
    /// - Throws: ``CLIError/binaryNotFound(_:)`` naming every place looked at.
    public static func binary() throws -> URL {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        // macOS runs the tests inside `catalogPackageTests.xctest/Contents/MacOS`.
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        let candidates = folders.map { $0.appendingPathComponent("catalog") }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw CLIError.binaryNotFound(candidates.map(\.path))
    }

    /// Runs `catalog ARGUMENTS` (or `PREFIX… catalog ARGUMENTS` when `prefix` is given, e.g. a shell
    /// or `setpriv`) in `directory`, with `CATALOG_DB` removed from the environment and `environment`
    /// merged into it, `standardInput` as its standard input (else /dev/null), waiting at most
    /// `timeout` seconds. Output goes to files, not pipes, so that a large output cannot block it.
    /// - Throws: ``CLIError/timedOut(_:)`` after terminating a run that took longer.
    public static func run(
        _ arguments: [String], environment extra: [String: String] = [:], in directory: URL? = nil,
        standardInput: String? = nil, timeout: TimeInterval = 120, prefix: [String] = []
    ) throws -> RunResult {
        let binary = try binary()
        let process = Process()
        if prefix.isEmpty {
            process.executableURL = binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: prefix[0])
            process.arguments = Array(prefix.dropFirst()) + [binary.path] + arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CATALOG_DB")
        environment.merge(extra) { _, new in new }
        process.environment = environment

        let streams = try TemporaryDirectory("run")
        defer { streams.cleanUp() }
        let outURL = streams.url.appendingPathComponent("stdout")
        let errURL = streams.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        if let standardInput {
            let inURL = streams.url.appendingPathComponent("stdin")
            try Data(standardInput.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw CLIError.timedOut(arguments)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        let stdoutData = try Data(contentsOf: outURL)
        let stderrData = try Data(contentsOf: errURL)
        return RunResult(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self),
            stdoutData: stdoutData)
    }
}

/// Runs the built `catalog` executable against a private database in a fresh temporary directory.
public struct CLI: Sendable {
    /// The package root.
    public static var packageRoot: URL { PackagePaths.root }

    /// The `catalog` executable under test (``CatalogProcess/binary()``).
    public static func binary() throws -> URL { try CatalogProcess.binary() }

    public let directory: URL
    /// The database every run uses (`--db`), not created until the first command.
    public let database: String

    public init() throws {
        directory = try TemporaryDirectory("cli-tests").url
        database = directory.appendingPathComponent("catalog.sqlite").path
    }

    public func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// A path inside the temporary directory.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to `name` in the temporary directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `catalog ARGUMENTS --db DATABASE` (the `--db` is appended unless `withDatabase` is false)
    /// in the temporary directory, with `standardInput` as its standard input (else /dev/null),
    /// `NO_COLOR=1`, and `HOME` and `XDG_DATA_HOME` inside the directory (never the user's catalog).
    public func run(
        _ arguments: [String], withDatabase: Bool = true, environment extra: [String: String] = [:],
        timeout: TimeInterval = 120, standardInput: String? = nil
    ) throws -> RunResult {
        let arguments = withDatabase ? arguments + ["--db", database] : arguments
        var environment = [
            "XDG_DATA_HOME": directory.appendingPathComponent("xdg").path,
            "HOME": directory.appendingPathComponent("home").path,
            "NO_COLOR": "1",
        ]
        environment.merge(extra) { _, new in new }
        return try CatalogProcess.run(
            arguments, environment: environment, in: directory, standardInput: standardInput, timeout: timeout)
    }
}
