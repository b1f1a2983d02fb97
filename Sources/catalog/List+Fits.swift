import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

// MARK: - list --fits: the architectures whose inference memory fits a budget

extension List {
    /// Lists the architectures that fit `budget` (one SQL query), most room left first
    /// (`--desc`: least room first), with each one's memory terms.
    func listFitting(_ catalog: Catalog, query: ListQuery, budget: BudgetArgument) throws {
        if budget.count.isBinaryShorthand {
            FileHandle.standardError.write(Data(
                "note: --fits \(budget.count.bytes.grouped) B: a bare G/M/T is read as GiB/MiB/TiB (write GB for 10^9)\n".utf8))
        }
        let request = self.budget.request
        if let type = request.weightType, let base = LlamaCppMix.baseTypes[type.name] {
            FileHandle.standardError.write(Data(
                "note: \(type.name) weights are an estimate of llama.cpp's mix, typed tensor by tensor as `catalog memory --quant \(type.name)` does (families it cannot type: the base type \(base))\n".utf8))
        }
        try Self.noteLeftOut(catalog, query: query, request: request)
        if output.format == .csv || output.format == .jsonl {
            // One line per row, written as the rows arrive (as plain `list`): memory stays flat.
            var out = StdoutBuffer()
            defer { out.flush() }
            let isCSV = output.format == .csv
            if isCSV, !output.noHeaders {
                out.write((ListedArchitecture.csvHeader() + FittingMemory.csvHeader).map(csvField).joined(separator: ",") + "\n")
            }
            try orExit { () throws(ServiceError) in
                try catalog.forEachFitting(query, budget: budget.count.bytes, request: request) { row in
                    if isCSV { out.writeCSVLine(Self.csvCells(of: row)) } else {
                        out.writeJSONLine(Self.jsonRow(row))
                    }
                }
            }
            return
        }
        let rows = try orExit { () throws(ServiceError) in
            try catalog.listFitting(query, budget: budget.count.bytes, request: request)
        }
        var listing = Listing(
            columns: [
                .left("Name"), .right("Total params"), .right("Weights"), .right("KV cache"), .right("Activations ≈"),
                .right("Total"), .right("Room left"),
            ],
            csvHeader: ListedArchitecture.csvHeader() + FittingMemory.csvHeader)
        for row in rows {
            listing.append(
                cells: [
                    row.summary.name, row.summary.totalParameters.grouped, ByteCount.iec(row.weightsBytes),
                    ByteCount.iec(row.kvCacheBytes), row.activationBytes.map(ByteCount.iec) ?? "unknown",
                    ByteCount.iec(row.totalBytes), ByteCount.iec(row.roomLeftBytes),
                ],
                csv: Self.csvCells(of: row).map(\.text),
                json: Self.jsonRow(row))
        }
        output.emit(listing.render(output.format, headers: !output.noHeaders, style: output.style))
    }

    /// Notes on stderr naming the architectures of `query`'s filter left out whatever the budget
    /// (too few learned positions for the context, KV rows not whole blocks of the KV type), so
    /// that no model drops out of `list --fits` or `rank --by memory` unsaid.
    static func noteLeftOut(_ catalog: Catalog, query: ListQuery, request: MemoryRequest) throws {
        let leftOut = try orExit { () throws(ServiceError) in try catalog.leftOutOfFitting(query, request: request) }
        for line in leftOutNotes(leftOut, request: request) {
            FileHandle.standardError.write(Data("note: \(line)\n".utf8))
        }
    }

    /// The lines of ``noteLeftOut(_:query:request:)``: at most 10 names each, then how many more.
    static func leftOutNotes(_ leftOut: [LeftOutArchitecture], request: MemoryRequest) -> [String] {
        func names(_ items: [String]) -> String {
            items.prefix(10).joined(separator: ", ") + (items.count > 10 ? " and \(items.count - 10) more" : "")
        }
        var lines: [String] = []
        let short = leftOut.compactMap { row in row.learnedPositions.map { "\(row.name) (\($0.grouped))" } }
        if !short.isEmpty {
            lines.append("left out, fewer learned positions than the context \(request.context.grouped): \(names(short))")
        }
        let misfit = leftOut.compactMap { row in row.kvRowValues.map { "\(row.name) (rows of \($0.grouped) values)" } }
        if !misfit.isEmpty, let kv = request.kvType {
            lines.append("left out, KV rows that are not whole \(kv.name) blocks of \(kv.layout.blockElements): \(names(misfit))")
        }
        return lines
    }

    /// The JSON object of a row: `list`'s keys and the memory terms (docs/SCHEMA.md).
    static func jsonRow(_ row: FittingArchitecture) -> Extended<ListedArchitecture, FittingMemory> {
        Extended(base: ListedArchitecture(row.summary), extra: FittingMemory(row))
    }

    /// The CSV fields of a row: `list`'s, then the memory terms.
    static func csvCells(of row: FittingArchitecture) -> [CSVCell] {
        ListedArchitecture(row.summary).csvCells() + FittingMemory(row).csvCells
    }
}
