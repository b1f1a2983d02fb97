import CatalogCore
import CatalogImport
import Foundation
import Testing

/// Every input the fuzzers (Fuzz/, scripts/fuzz.sh) found crashing is kept in
/// Fixtures/fuzz-findings/TARGET/ and must now be read without a crash: rejected with an error
/// naming the file, or read and computed.
/// Each input must be handled in well under a second; the time limit turns a hang into a
/// failure instead of a stalled test run.
@Suite("Fuzz findings", .timeLimit(.minutes(1)))
struct FuzzFindingTests {
    /// The fuzz target's name → how it calls the importer (Fuzz/Sources/FuzzSupport).
    static let targets: [String: (file: String, format: SourceFormat)] = [
        "FuzzNativeJSON": ("fuzz.json", .native),
        "FuzzNativeYAML": ("fuzz.yaml", .native),
        "FuzzKerasJSON": ("fuzz.json", .keras),
        "FuzzKerasArchive": ("fuzz.keras", .auto),
    ]

    static var findings: [String] {
        let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/fuzz-findings")
        var paths: [String] = []
        for target in targets.keys.sorted() {
            let folder = root.appendingPathComponent(target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            paths += names.sorted().map { "\(target)/\($0)" }
        }
        return paths
    }

    @Test("A crashing input found by fuzzing is now handled", arguments: findings)
    func finding(_ relativePath: String) throws {
        let target = String(relativePath.prefix(while: { $0 != "/" }))
        let (file, format) = try #require(Self.targets[target])
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/fuzz-findings/\(relativePath)")
        let data = try Data(contentsOf: url)
        do {
            let imported = try ArchitectureImporter.read(data, file: file, format: format)
            if let results = try? Engine.infer(imported.architecture) {
                _ = try? Engine.totals(of: imported.architecture, results: results)
            }
        } catch {
            #expect(error.description.hasPrefix("\(file): "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("The fuzz corpus has at least one finding per fixed crash")
    func nonEmpty() {
        #expect(!Self.findings.isEmpty)
    }
}
