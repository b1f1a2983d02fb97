import Foundation
import Testing

/// The result of one run of the `catalog` binary.
struct RunResult: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    let stdoutData: Data

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

enum CLIError: Error, CustomStringConvertible {
    case binaryNotFound([String])
    case timedOut([String])

    var description: String {
        switch self {
        case .binaryNotFound(let tried): "the catalog binary was not found; tried " + tried.joined(separator: ", ")
        case .timedOut(let arguments): "catalog \(arguments.joined(separator: " ")) did not finish in time"
        }
    }
}

/// Runs the built `catalog` executable against a private database in a fresh temporary directory.
struct CLI {
    /// The package root: this file is `Tests/CatalogCLITests/CLIRunner.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `catalog` built next to the test bundle, else `.build/debug/catalog`.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("catalog"))
        }
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("catalog"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("catalog"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("catalog"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/catalog"))
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw CLIError.binaryNotFound(candidates.map(\.path))
    }

    let directory: URL
    /// The database every run uses (`--db`), not created until the first command.
    let database: String

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("catalog-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("catalog.sqlite").path
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// A path inside the temporary directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to `name` in the temporary directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `catalog ARGUMENTS --db DATABASE` (the `--db` is appended unless `withDatabase` is false),
    /// with `standardInput` as its standard input (else /dev/null).
    func run(
        _ arguments: [String], withDatabase: Bool = true, environment extra: [String: String] = [:],
        timeout: TimeInterval = 120, standardInput: String? = nil
    ) throws -> RunResult {
        let arguments = withDatabase ? arguments + ["--db", database] : arguments
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CATALOG_DB")
        // Never the user's catalog, should --db be ignored.
        environment["XDG_DATA_HOME"] = directory.appendingPathComponent("xdg").path
        environment["HOME"] = directory.appendingPathComponent("home").path
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment

        // Files, not pipes: a large output cannot block the child.
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent("stdout-\(id)")
        let errURL = directory.appendingPathComponent("stderr-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = out
        process.standardError = err
        if let standardInput {
            let inURL = directory.appendingPathComponent("stdin-\(id)")
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
            Thread.sleep(forTimeInterval: 0.01)
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

    /// `list --format json` parsed.
    func listJSON(_ extra: [String] = []) throws -> [[String: Any]] {
        let result = try run(["list", "--format", "json"] + extra)
        #expect(result.status == 0, "\(result)")
        let object = try JSONSerialization.jsonObject(with: result.stdoutData)
        return try #require(object as? [[String: Any]], "\(result)")
    }
}

/// A minimal RFC 4180 reader: quoted fields with doubled quotes, commas and newlines inside.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
        if quoted {
            if character == "\"" {
                if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(character)
            }
        } else if character == "\"" {
            quoted = true
        } else if character == "," {
            row.append(field)
            field = ""
        } else if character == "\n" || character == "\r\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.append(character)
        }
    }
    if !field.isEmpty || !row.isEmpty {
        row.append(field)
        rows.append(row)
    }
    return rows
}

/// The values of every `"key": <integer>` member in JSON text, in order. Only a plain integer
/// literal counts: `1.0`, `1e3`, `"1"`, `null` and grouped digits do not.
func integerMembers(_ key: String, in text: String) -> [Int] {
    var values: [Int] = []
    let pattern = "\"" + key + "\"[ \t]*:[ \t]*(-?[0-9]+)[ \t]*[,}\n]"
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    for match in regex.matches(in: text, range: range) {
        if let group = Range(match.range(at: 1), in: text), let value = Int(text[group]) {
            values.append(value)
        }
    }
    return values
}

/// Every `"key": ...` member in JSON text, whatever its value.
func memberCount(_ key: String, in text: String) -> Int {
    text.components(separatedBy: "\"" + key + "\"").count - 1
}
