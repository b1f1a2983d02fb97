import Benchmark
import CatalogCore
import CatalogImport
import Foundation

// Engine throughput (issue 7, benchmark 1): `Engine.infer` plus `Engine.totals` — everything the
// compute service asks of the engine for one architecture — on the Keras ResNet-152 file and on
// synthetic chains of 10k, 100k and 1M layers. Each iteration records its own layers per second
// (the custom metric "layers/s"); the wall clock, mallocs and peak resident memory come from the
// harness. scripts/bench.sh turns the medians into the growth ratio time(1M) / time(100k).

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, layersPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 25)

    Benchmark(
        "ResNet-152 (Keras to_json, 517 layers)", configuration: .init(timeUnits: .microseconds)
    ) { benchmark, architecture in
        measure(architecture, benchmark)
    } setup: {
        try resNet152()
    }

    for length in [10_000, 100_000, 1_000_000] {
        Benchmark(
            "chain of \(length.formatted(.number.grouping(.automatic))) layers",
            configuration: .init(
                timeUnits: length < 100_000 ? .microseconds : .milliseconds,
                maxIterations: length >= 1_000_000 ? 7 : 25)
        ) { benchmark, architecture in
            measure(architecture, benchmark)
        } setup: {
            try chain(length: length)
        }
    }
}

/// Layers inferred per second, one value per iteration.
let layersPerSecond = BenchmarkMetric.custom("layers/s", polarity: .prefersLarger, useScalingFactor: false)

/// Runs the engine once on `architecture` and records the iteration's layers per second.
func measure(_ architecture: Architecture, _ benchmark: Benchmark) {
    let clock = ContinuousClock()
    let start = clock.now
    do {
        let results = try Engine.infer(architecture)
        let totals = try Engine.totals(of: architecture, results: results)
        blackHole(totals)
    } catch {
        fatalError("the benchmark architecture does not infer: \(error)")
    }
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    benchmark.measurement(layersPerSecond, Int(Double(architecture.layers.count) / seconds))
}

/// Keras' ResNet-152 (`keras.applications.ResNet152(weights=None).to_json()`, Keras 3.15),
/// as `catalog add` reads it. Found next to this package: Benchmarks/Fixtures.
func resNet152() throws -> Architecture {
    let path = fixturesDirectory().appendingPathComponent("resnet152.keras.json").path
    return try ArchitectureImporter.read(contentsOf: path).architecture
}

/// The Fixtures folder: $CATALOG_BENCH_FIXTURES, else Benchmarks/Fixtures beside this source file.
func fixturesDirectory() -> URL {
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
func chain(length: Int) throws -> Architecture {
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
