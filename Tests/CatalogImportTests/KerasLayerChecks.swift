import CatalogCore
import CatalogImport
import CatalogTestSupport
import Testing

/// Expects `imported`'s totals, and every layer `expected` (Keras' own report) lists, to match:
/// trainable and non-trainable parameters, and every output shape, in order, exactly as Keras
/// lists them (batch axis dropped). A layer called several times has one list of outputs per
/// call; Keras reports one of them, which must equal one call's list exactly.
func expectMatchesKeras(
    _ imported: ImportedArchitecture, _ expected: KerasExpected, model: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let results = try Engine.infer(imported.architecture)
    let totals = try Engine.totals(of: imported.architecture, results: results)
    #expect(totals.parameters == expected.total_params, "\(model)", sourceLocation: sourceLocation)
    #expect(totals.trainableParameters == expected.trainable_params, "\(model)", sourceLocation: sourceLocation)
    #expect(totals.nonTrainableParameters == expected.non_trainable_params, "\(model)", sourceLocation: sourceLocation)
    let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0) })
    for layer in expected.layers {
        let result = try #require(byName[layer.name], "\(model): layer \(layer.name) missing", sourceLocation: sourceLocation)
        #expect(result.parameters == layer.params, "\(model) \(layer.name)", sourceLocation: sourceLocation)
        #expect(result.trainableParameters == layer.trainable_params, "\(model) \(layer.name)", sourceLocation: sourceLocation)
        #expect(result.nonTrainableParameters == layer.non_trainable_params, "\(model) \(layer.name)", sourceLocation: sourceLocation)
        if let outputShape = layer.output_shape {
            let expectedShapes = outputShape.batchFreeShapes
            let calls = result.outputShapes.map { $0.map(\.dimensions) }
            #expect(calls.count == 1 ? calls[0] == expectedShapes : calls.contains(expectedShapes),
                    "\(model) \(layer.name): \(calls) vs \(expectedShapes)", sourceLocation: sourceLocation)
        }
    }
}
