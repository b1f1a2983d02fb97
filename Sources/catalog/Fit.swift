import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog fit NAME --budget 24GiB`
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "What fits in a memory budget: the largest context and batch, the highest-precision weight type.",
        discussion: """
            --budget takes 24GiB (2^30 B each), 24G (read as GiB, and said so), 8000MB or 24GB \
            (10^9 B each). The largest context is searched at --batch (up to the model's learned \
            positions, else 2^24 tokens; past a RoPE model's max_position_embeddings with a \
            note), the largest batch at --context, the weight type from f32 down to q2_k at \
            --context and --batch. Totals as `catalog memory` computes them, activations (an \
            estimate) included.

            Examples:
              catalog fit Meta-Llama-3-8B --budget 24GiB
              catalog fit Meta-Llama-3-8B --budget 16G --context 8192 --kv-dtype q8_0
              catalog fit resnet50 --budget 8000MB --training full
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture.", completion: .architectureNames)
    var name: String

    @Option(help: ArgumentHelp("The memory budget: 24GiB, 24G (= GiB), 8000MB.", valueName: "bytes"))
    var budget: BudgetArgument

    @OptionGroup(title: "Memory") var memory: MemoryOptions

    @Option(help: ArgumentHelp("Output format: table or json.", valueName: "format"))
    var format: ReportFormat = .table

    func run() throws {
        let catalog = try global.openCatalog()
        var request = memory.request
        let bytes = budget.count.bytes
        if budget.count.isBinaryShorthand {
            FileHandle.standardError.write(Data("note: --budget \(bytes.grouped) B: a bare G/M/T is read as GiB/MiB/TiB (write GB for 10^9)\n".utf8))
        }
        let fit = try orExit { () throws(ServiceError) in try catalog.fit(named: name, request: request, budget: bytes, context: memory.context) }
        request.context = fit.context
        if format == .json {
            print(jsonText(encoding: FitOutput(name: name, budgetBytes: bytes, request: request, fit: fit)))
            return
        }
        var out = "\(name) in \(ByteCount.iec(bytes)) (\(bytes.grouped) B)\n"
        if let note = fit.contextNote { out += "note: \(note)\n" }
        let total = fit.atRequest.totalBytes
        let at = fit.contextMatters ? "at context \(request.context.grouped), batch \(request.batch)" : "at batch \(request.batch)"
        out += "\(at), \(fit.atRequest.weightType): "
            + "\(ByteCount.iec(total)) — " + (total <= bytes ? "fits, \(ByteCount.iec(bytes - total)) left" : "does not fit") + "\n"
        if fit.contextMatters {
            out += "largest context at batch \(request.batch): "
                + (fit.largestContext.map { "\($0.grouped) tokens" } ?? "none (one token does not fit)") + "\n"
            if let note = fit.largestContextNote { out += "note: \(note)\n" }
        } else {
            out += "largest context: the model has no KV cache; its memory does not depend on the context\n"
        }
        out += "largest batch" + (fit.contextMatters ? " at context \(request.context.grouped)" : "") + ": "
            + (fit.largestBatch.map(\.grouped) ?? "none") + "\n"
        out += "highest-precision weight type \(at): "
            + (fit.highestPrecision.map { "\($0.type.name) (\(ByteCount.iec($0.totalBytes)))" } ?? "none fits") + "\n"
        print(out, terminator: "")
    }
}
