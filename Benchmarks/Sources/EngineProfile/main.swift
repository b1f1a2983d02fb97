import CatalogCore
import EngineFixtures
import Foundation

// One engine run, for profiling: `Engine.infer` + `Engine.totals` once on ResNet-152 or on a
// chain of N layers (the EngineInference benchmarks' architectures), timed with the wall clock.
// Under valgrind the instruction count is repeatable whatever else the machine is doing:
//
//   swift build -c release --scratch-path .build --product EngineProfile
//   valgrind --tool=callgrind .build/release/EngineProfile chain 100000
//   .build/release/EngineProfile resnet152
let arguments = CommandLine.arguments.dropFirst()
let architecture: Architecture
switch (arguments.first, arguments.dropFirst().first.flatMap { Int($0) }) {
case ("chain", let length?): architecture = try chain(length: length)
case ("resnet152", nil): architecture = try resNet152()
default:
    FileHandle.standardError.write(Data("usage: EngineProfile chain N | resnet152\n".utf8))
    exit(64)
}
let clock = ContinuousClock()
let start = clock.now
let results = try Engine.infer(architecture)
let totals = try Engine.totals(of: architecture, results: results)
let elapsed = start.duration(to: clock.now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
print("\(architecture.layers.count) layers, \(totals.parameters) parameters, \(totals.macs) MACs: "
    + "\(String(format: "%.1f", seconds * 1000)) ms, \(Int(Double(architecture.layers.count) / seconds)) layers/s")
