import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog memory NAME`
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Inference or training memory of one architecture, term by term.",
        discussion: """
            Each term on its own line with its formula, the numbers filled in, and bytes (IEC \
            units: GiB = 2^30 B). Weights: as stored when the catalog has the tensors, else \
            parameters × the type's bytes with block overhead (q4_0: 18 B per 32 weights). KV \
            cache per layer type: full attention 2 · tokens · kv_heads · head_dim · bytes, \
            sliding-window layers at most the window, MLA kv_lora_rank + qk_rope_head_dim. \
            Activations are an estimate and marked ≈. Training adds gradients and optimizer \
            states at the convention printed. docs/MEMORY.md has every formula and source.

            Examples:
              catalog memory Meta-Llama-3-8B --context 8192
              catalog memory Meta-Llama-3-8B --context 32768 --quant q4_k_m
              catalog memory Meta-Llama-3-8B --training lora --lora-rank 16
              catalog memory resnet50 --batch 64 --format json | jq .total_bytes
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture.", completion: .architectureNames)
    var name: String

    @OptionGroup(title: "Memory") var memory: MemoryOptions

    @Option(help: ArgumentHelp("Output format: table or json.", valueName: "format"))
    var format: ReportFormat = .table

    func run() throws {
        let catalog = try global.openCatalog()
        let (profile, breakdown, request) = try orExit { () throws(ServiceError) in
            try catalog.memory(named: name, request: memory.request, context: memory.context)
        }
        if format == .json {
            print(jsonText(encoding: MemoryReport(breakdown, request: request, name: name)))
            return
        }
        print(Self.text(breakdown, request: request, name: name, contextMatters: profile.scalesWithContext), terminator: "")
    }

    /// One line per term: name, bytes (IEC), the formula; then the total and the notes.
    static func text(_ breakdown: MemoryBreakdown, request: MemoryRequest, name: String, contextMatters: Bool) -> String {
        var out = "\(name): \(request.training.map { "training (\($0.rawValue), \(request.optimizer.rawValue))" } ?? "inference")"
        out += (contextMatters ? " at context \(request.context.grouped)," : " at") + " batch \(request.batch)\n"
        let width = max(breakdown.terms.map(\.name.count).max() ?? 0, 5) + 2
        var anyEstimate = false
        for term in breakdown.terms {
            anyEstimate = anyEstimate || term.isEstimate
            let mark = term.isEstimate ? "≈ " : "  "
            let size = ByteCount.iec(term.bytes)
            out += term.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + mark + String(repeating: " ", count: max(0, 11 - size.count)) + size
                + "  \(term.formula) = \(term.bytes.grouped) B\n"
        }
        out += "total".padding(toLength: width, withPad: " ", startingAt: 0)
            + (anyEstimate ? "≈ " : "  ")
            + String(repeating: " ", count: max(0, 11 - ByteCount.iec(breakdown.totalBytes).count))
            + ByteCount.iec(breakdown.totalBytes) + "  \(breakdown.totalBytes.grouped) B"
            + (anyEstimate ? " (includes estimates, marked ≈)" : "") + "\n"
        for note in breakdown.notes where !note.isEmpty { out += "note: \(note)\n" }
        return out
    }
}
