import CatalogTestSupport
import Foundation
import Testing

/// Ctrl-C during a bulk `add` stops it between groups of files: every architecture it stored
/// has had its line on stdout, the rest are counted as not added, and the exit status is 130.
@Suite("CLI: add interrupted by Ctrl-C")
struct InterruptTests {
    /// 4,100 files (three groups: a group holds at most 2,000 files), SIGINT once the first
    /// line is out; whenever the signal lands, the lines printed and the rows stored agree.
    @Test func storedArchitecturesAreReported() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let count = 4_100
        var list = ""
        for index in 0..<count {
            let name = String(format: "n-%05d.json", index)
            try cli.write(name, tinyJSON.replacingOccurrences(of: "\"name\": \"tiny\"", with: "\"name\": \"net-\(index)\""))
            list += name + "\n"
        }
        let listPath = try cli.write("list.txt", list)
        #expect(try cli.run(["list"]).status == 0)  // seeds first, so the add is all that is timed

        let process = Process()
        process.executableURL = try CLI.binary()
        process.arguments = ["add", "--files-from", listPath, "--db", cli.database]
        process.currentDirectoryURL = cli.directory
        let outPath = cli.path("out.txt"), errPath = cli.path("err.txt")
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline,
              (try? FileManager.default.attributesOfItem(atPath: outPath)[.size] as? Int) ?? 0 == 0 {
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.interrupt()  // SIGINT, as Ctrl-C sends
        process.waitUntilExit()

        let lines = try String(contentsOfFile: outPath, encoding: .utf8).split(separator: "\n")
        let errors = try String(contentsOfFile: errPath, encoding: .utf8)
        let stored = try cli.run(["list", "--format", "csv", "--no-headers"]).stdout
            .split(separator: "\n").filter { $0.hasPrefix("net-") }
        #expect(lines.allSatisfy { $0.hasPrefix("added net-") })
        #expect(lines.count == stored.count, "printed \(lines.count) lines, stored \(stored.count)")
        if process.terminationStatus == 130 {
            #expect(errors == "interrupted: \(lines.count) added, 0 replaced, 0 failed, \(count - lines.count) not added\n")
        } else {
            // The add finished before the signal arrived.
            #expect(process.terminationStatus == 0, "\(errors)")
            #expect(lines.count == count)
        }
    }
}
