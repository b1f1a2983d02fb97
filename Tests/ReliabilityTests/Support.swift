import Foundation
import Testing

@testable import CatalogStore

/// Paths, the `catalog` binary and temporary folders shared by the reliability tests.
enum Reliability {
    /// The package root (two levels above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fixture folder of this target (`Fixtures/NAME`).
    static func fixtures(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
    }

    /// The `catalog` executable built next to the test bundle, else `.build/debug/catalog`.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("catalog"))
        }
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("catalog"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("catalog"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/catalog"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw Failure("the catalog binary was not found; tried \(candidates.map(\.path))")
    }

    /// A new empty temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("catalog-reliability-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A catalog database with the seeds, made once per test run by `catalog list`; tests copy it.
    static func seededDatabase() throws -> Data {
        try seeded.get()
    }

    private static let seeded: Result<Data, any Error> = Result {
        let directory = try temporaryDirectory("template")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("catalog.sqlite").path
        let result = try run(["list", "--db", path])
        guard result.status == 0 else { throw Failure("catalog list failed: \(result)") }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Writes the seeded database to `directory/catalog.sqlite` and returns its path.
    static func copySeededDatabase(into directory: URL) throws -> String {
        let path = directory.appendingPathComponent("catalog.sqlite").path
        try seededDatabase().write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: - Running the binary

    struct RunResult: CustomStringConvertible {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var description: String { "exit \(status)\n--- stdout\n\(stdoutText)--- stderr\n\(stderr)" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `catalog ARGUMENTS` with no standard input and waits at most `timeout` seconds.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120,
        prefix: [String] = []
    ) throws -> RunResult {
        let process = Process()
        let binary = try binary()
        if prefix.isEmpty {
            process.executableURL = binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: prefix[0])
            process.arguments = Array(prefix.dropFirst()) + [binary.path] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["CATALOG_DB"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes while the process runs, so a large output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure("catalog \(arguments.joined(separator: " ")) did not finish in \(Int(timeout)) s")
        }
        process.waitUntilExit()
        group.wait()
        return RunResult(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }
}

// MARK: - Processes running side by side

extension Reliability {
    /// A `catalog` process started in the background, its output going to files.
    final class Spawned: @unchecked Sendable {
        let process = Process()
        let stdoutURL: URL
        let stderrURL: URL

        init(_ arguments: [String], in folder: URL, label: String) throws {
            stdoutURL = folder.appendingPathComponent("\(label).out")
            stderrURL = folder.appendingPathComponent("\(label).err")
            FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            process.executableURL = try Reliability.binary()
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["CATALOG_DB"] = nil
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            try process.run()
        }

        /// Waits for the process and returns its status, stdout and stderr.
        func wait() -> RunResult {
            process.waitUntilExit()
            return RunResult(
                status: process.terminationStatus,
                stdout: (try? Data(contentsOf: stdoutURL)) ?? Data(),
                stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
        }
    }

    /// A small valid native architecture named `name` (three layers, sized by `units`).
    static func smallArchitecture(_ name: String, units: Int = 10) -> Data {
        let document: [String: Any] = [
            "name": name, "input": [8, 8, 1],
            "layers": [
                ["type": "Conv2D", "name": "conv", "filters": 4, "kernel_size": 3],
                ["type": "Flatten", "name": "flat"],
                ["type": "Dense", "name": "out", "units": units],
            ],
        ]
        return try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }
}

// MARK: - Looking inside a database

extension Reliability {
    /// `PRAGMA integrity_check` of the database at `path` ("ok" when sound), through the store.
    static func integrityCheck(_ path: String) throws -> String {
        let database = try CatalogDatabase(path: path)
        defer { try? database.close() }
        return try database.fetchTextForTesting("PRAGMA integrity_check") ?? "(no result)"
    }
}

/// Raw SQL on a database file, to set up damaged or foreign databases in tests.
struct CatalogDatabaseProxy {
    let database: CatalogDatabase
    init(path: String) throws { database = try CatalogDatabase(path: path) }
    func execute(_ sql: String) throws { try database.executeForTesting(sql) }
    func close() throws { try database.close() }
}
