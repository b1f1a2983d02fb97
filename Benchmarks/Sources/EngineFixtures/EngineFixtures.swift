import CatalogCore
import CatalogImport
import Foundation

// The architectures the engine benchmarks run on, shared by EngineInference (ordo-one/benchmark)
// and EngineProfile (one run, for valgrind's callgrind).

/// Keras' ResNet-152 (`keras.applications.ResNet152(weights=None).to_json()`, Keras 3.15),
/// as `catalog add` reads it. Found next to this package: Benchmarks/Fixtures.
public func resNet152() throws -> Architecture {
    let path = fixturesDirectory().appendingPathComponent("resnet152.keras.json").path
    return try ArchitectureImporter.read(contentsOf: path).architecture
}

/// The Fixtures folder: $CATALOG_BENCH_FIXTURES, else Benchmarks/Fixtures (from this source file).
public func fixturesDirectory() -> URL {
    if let path = ProcessInfo.processInfo.environment["CATALOG_BENCH_FIXTURES"] {
        return URL(fileURLWithPath: path)
    }
    return URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}

/// A straight chain of `length` layers after a 32x32x16 input: Conv2D (3x3, 16 filters, "same"),
/// BatchNormalization and ReLU repeated, so every shape stays 32x32x16 and no count overflows
/// (a conv has 2,320 parameters and 2,359,296 MACs). Each layer names its predecessor, as a
/// Keras functional model does; the hyperparameters are parsed once and shared.
public func chain(length: Int) throws -> Architecture {
    let block: [(type: String, config: [String: ConfigValue])] = [
        ("Conv2D", ["filters": .int(16), "kernel_size": .int(3), "padding": .string("same")]),
        ("BatchNormalization", [:]),
        ("ReLU", [:]),
    ]
    let parsed = try block.map { try Layer(name: "prototype", type: $0.type, config: $0.config, calls: [[]]) }
    let input = try Layer(
        name: "input", type: "InputLayer",
        config: ["batch_shape": .array([.null, .int(32), .int(32), .int(16)])], calls: [[]])
    var layers = [input]
    layers.reserveCapacity(length)
    var previous = input.name
    for index in 1..<length {
        var layer = parsed[(index - 1) % parsed.count]
        layer.name = "l\(index)"
        layer.calls = [[TensorReference(layer: previous)]]
        previous = layer.name
        layers.append(layer)
    }
    return Architecture(name: "chain-\(length)", layers: layers)
}
