import CatalogCore
import CatalogImport
import Foundation

/// One fuzz iteration: import `bytes` as `file` in `format`, then run the engine on the result.
/// Any thrown error is an expected rejection; a crash, trap, hang or sanitizer report is a
/// finding. The checks below turn silent misbehaviour into traps libFuzzer records.
public func fuzzImport(_ pointer: UnsafePointer<UInt8>, _ count: Int, file: String, format: SourceFormat) {
    let data = Data(bytes: pointer, count: count)
    let imported: ImportedArchitecture
    do {
        imported = try ArchitectureImporter.read(data, file: file, format: format)
    } catch {
        // Every rejection names the file.
        precondition(error.description.hasPrefix(file), "error does not name the file: \(error)")
        return
    }
    let architecture = imported.architecture
    guard let results = try? Engine.infer(architecture) else { return }
    precondition(results.count == architecture.layers.count)
    for result in results {
        precondition(result.trainableParameters >= 0 && result.nonTrainableParameters >= 0 && result.macs >= 0,
                     "negative count in \(result.name)")
    }
    guard let totals = try? Engine.totals(of: architecture, results: results) else { return }
    precondition(totals.trainableParameters >= 0 && totals.nonTrainableParameters >= 0 && totals.macs >= 0)
    // What `export` writes must read back, with the same totals.
    guard format == .native else { return }
    let exported = NativeWriter.json(for: architecture)
    let reread: ImportedArchitecture
    do {
        reread = try ArchitectureImporter.read(exported, file: "export.json", format: .native)
    } catch {
        preconditionFailure("export does not read back: \(error)\n\(String(decoding: exported, as: UTF8.self))")
    }
    let again = try? Engine.totals(of: reread.architecture, results: Engine.infer(reread.architecture))
    precondition(again == totals, "export changes the totals: \(String(describing: again)) vs \(totals)")
}

// MARK: - Driver

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer's driver on the process's arguments, calling `test` with every input. SwiftPM
/// links each target's own `main` (its top-level code), so libFuzzer's `main` is not used.
public func runFuzzer(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}
