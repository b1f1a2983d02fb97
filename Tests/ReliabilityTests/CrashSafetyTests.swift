import Foundation
import Testing

@testable import CatalogStore

/// Crash safety: `catalog add` of a large architecture (3,000 layers) is killed with SIGKILL at
/// random moments, again and again on the same database. After every kill the database must pass
/// `PRAGMA integrity_check` and hold the architecture whole (every layer, the right totals) or not
/// at all. Kills are aimed three ways in turn (anywhere, late, and as soon as the WAL grows, that
/// is while the transaction writes). `swift test` runs 18 kills; `CATALOG_KILL_RUNS=200`
/// (scripts/reliability.sh) runs more.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let layerCount = 3_000
    static let name = "big-import"

    static var runs: Int {
        ProcessInfo.processInfo.environment["CATALOG_KILL_RUNS"].flatMap(Int.init) ?? 18
    }

    static func bigArchitecture() throws -> Data {
        let layers: [[String: Any]] = (0..<layerCount).map { ["type": "Dense", "name": "d\($0)", "units": 64 + $0 % 7] }
        return try JSONSerialization.data(withJSONObject: ["name": name, "input": [64], "layers": layers])
    }

    static func size(of path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
    }

    /// What the database holds of the architecture: nil if absent, else (layers, total params).
    static func stored(in path: String) throws -> (layers: Int, totalParams: Int?)? {
        let database = try CatalogDatabase(path: path)
        defer { try? database.close() }
        guard let record = try database.architecture(named: name), let id = record.id else { return nil }
        return (try database.layers(ofArchitecture: id).count, record.totalParams)
    }

    @Test("SIGKILL at random moments during a large add: the database stays sound and all-or-nothing")
    func killedAdds() throws {
        let folder = try Reliability.temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let file = folder.appendingPathComponent("big.json")
        try Self.bigArchitecture().write(to: file)

        // The whole add, uninterrupted, gives the expected numbers and the time to aim at.
        let reference = folder.appendingPathComponent("reference.sqlite").path
        try Reliability.seededDatabase().write(to: URL(fileURLWithPath: reference))
        let started = Date()
        let full = try Reliability.run(["add", file.path, "--db", reference])
        let duration = Date().timeIntervalSince(started)
        #expect(full.status == 0, "\(full)")
        let whole = try #require(try Self.stored(in: reference))
        #expect(whole.layers == Self.layerCount + 1)

        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        var (finished, replaced, run) = (0, 0, -1)
        let wal = database + "-wal"
        // Until `runs` processes were killed before they finished (some finish first).
        while run - finished + 1 < Self.runs && run < Self.runs * 4 {
            run += 1
            // Even runs add to a catalog without it, odd runs replace it (a delete and an insert
            // in one transaction): both must be all-or-nothing.
            let replace = run % 2 == 1
            if !replace, try Self.stored(in: database) != nil {
                let removed = try Reliability.run(["remove", Self.name, "--db", database])
                #expect(removed.status == 0, "\(removed)")
            }
            if replace, try Self.stored(in: database) == nil {
                let added = try Reliability.run(["add", file.path, "--quiet", "--db", database])
                #expect(added.status == 0, "\(added)")
            }
            let process = Process()
            process.executableURL = try Reliability.binary()
            process.arguments = ["add", file.path, "--quiet", "--db", database] + (replace ? ["--replace"] : [])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            let walBefore = Self.size(of: wal)
            try process.run()
            // Three ways to aim, in turn: anywhere in the run; in its last part, where the
            // transaction is; and as soon as the WAL grows (pages of the transaction being
            // written, the commit not yet), plus up to 2 ms.
            let mode = ["anywhere", "late", "while writing"][run % 3]
            switch mode {
            case "anywhere":
                usleep(useconds_t(Double.random(in: 0...(duration * 1.1), using: &generator) * 1_000_000))
            case "late":
                usleep(useconds_t(Double.random(in: (duration * 0.6)...(duration * 1.05), using: &generator) * 1_000_000))
            default:
                let deadline = Date().addingTimeInterval(duration * 3)
                while process.isRunning, Self.size(of: wal) <= walBefore, Date() < deadline { usleep(50) }
                usleep(useconds_t.random(in: 0...2_000, using: &generator))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) } else { finished += 1 }
            process.waitUntilExit()
            if replace { replaced += 1 }

            let integrity = try Reliability.integrityCheck(database)
            #expect(integrity == "ok", "run \(run): \(integrity)")
            if let after = try Self.stored(in: database) {
                outcomes["\(replace ? "replace" : "add"), \(mode): whole", default: 0] += 1
                #expect(after.layers == whole.layers && after.totalParams == whole.totalParams,
                        "run \(run) (\(mode)): a partial architecture: \(after)")
            } else {
                outcomes["\(replace ? "replace" : "add"), \(mode): absent", default: 0] += 1
                #expect(!replace, "run \(run): a killed --replace lost the architecture it replaced")
            }
        }
        let (present, absent) = outcomes.reduce((0, 0)) { totals, entry in
            entry.key.hasSuffix("whole") ? (totals.0 + entry.value, totals.1) : (totals.0, totals.1 + entry.value)
        }
        #expect(run + 1 - finished >= Self.runs, "too few runs were killed before they finished")
        print("crash safety: \(run + 1 - finished) kills in \(run + 1) runs of a \(Self.layerCount)-layer add (\(String(format: "%.2f", duration)) s uninterrupted; \(finished) finished before the kill, \(replaced) runs replacing); afterwards \(present) whole, \(absent) absent, 0 partial, integrity ok; " + outcomes.keys.sorted().map { "\($0) \(outcomes[$0]!)" }.joined(separator: ", "))
    }
}
