import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogStore

/// Paths, the `catalog` binary and temporary folders shared by the reliability tests.
enum Reliability {
    /// The package root.
    static var packageRoot: URL { PackagePaths.root }

    /// A fixture folder of this target (`Fixtures/NAME`).
    static func fixtures(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
    }

    /// The `catalog` executable built beside the test bundle (no fallback to another build).
    static func binary() throws -> URL { try CatalogProcess.binary() }

    /// A new empty temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        try TemporaryDirectory("reliability-\(label)").url
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

    typealias RunResult = CatalogTestSupport.RunResult

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `catalog ARGUMENTS` (after `prefix`, when given) with no standard input and
    /// `NO_COLOR=1`, waiting at most `timeout` seconds.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120,
        prefix: [String] = []
    ) throws -> RunResult {
        try CatalogProcess.run(
            arguments, environment: ["NO_COLOR": "1"].merging(environment) { _, new in new }, timeout: timeout,
            prefix: prefix)
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
            let stdout = (try? Data(contentsOf: stdoutURL)) ?? Data()
            return RunResult(
                status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "", stdoutData: stdout)
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
