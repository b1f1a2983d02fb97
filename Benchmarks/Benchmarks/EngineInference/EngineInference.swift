import Benchmark
import CatalogCore
import EngineFixtures
import Foundation

// Engine throughput (BENCHMARKS.md, benchmark 1): `Engine.infer` plus `Engine.totals` — everything the
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
