import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// `catalog explain` writes each layer's formula and the number it adds up to; that number is
/// computed from the terms shown, independently of the engine. For every layer of every Keras
/// fixture and every seed the two must agree (and the fixtures agree with Keras itself).
@Suite("Explanations add up to the engine's numbers")
struct ExplanationConsistencyTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("seeds")

    static var files: [URL] {
        let fixtures = KerasFixtureTests.models.map { KerasFixtureTests.directory.appendingPathComponent("\($0).json") }
        let seedFiles = ((try? FileManager.default.contentsOfDirectory(at: seeds, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        return fixtures + seedFiles
    }

    @Test(arguments: files)
    func everyLayerAddsUp(_ url: URL) throws {
        let architecture = try ArchitectureImporter.read(Data(contentsOf: url), file: url.lastPathComponent).architecture
        for framework in Framework.allCases {
            let results = try Engine.infer(architecture, framework: framework)
            var counted = architecture
            counted.framework = framework
            let explanations = Engine.explain(counted, results: results)
            #expect(explanations.count == results.count)
            for (explanation, result) in zip(explanations, results) {
                let where_ = "\(url.lastPathComponent) \(framework) \(result.name)"
                #expect(!explanation.parameters.isEmpty && !explanation.output.isEmpty && !explanation.macs.isEmpty, "\(where_)")
                if result.isCounted {
                    #expect(explanation.parameterCount == result.parameters, "\(where_): \(explanation.text)")
                    if result.outputShapes.count == 1 {
                        #expect(explanation.macCount == result.macs, "\(where_): \(explanation.text)")
                    }
                } else {
                    #expect(explanation.parameters.hasPrefix("not counted"), "\(where_)")
                }
            }
        }
    }
}
