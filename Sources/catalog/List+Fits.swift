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
        if output.format == .csv || output.format == .jsonl {
            // One line per row, written as the rows arrive (as plain `list`): memory stays flat.
            var out = StdoutBuffer()
            defer { out.flush() }
            let isCSV = output.format == .csv
            if isCSV, !output.noHeaders {
                out.write((Self.csvHeader + Self.fitsCSVHeader).map(csvField).joined(separator: ",") + "\n")
            }
            try orExit { () throws(ServiceError) in
                try catalog.forEachFitting(query, budget: budget.count.bytes, request: request) { row in
                    if isCSV { out.writeCSVLine(Self.csvCells(of: row.summary) + Self.memoryCells(row)) } else {
                        out.write(jsonLine(Self.jsonObject(row)) + "\n")
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
            csvHeader: Self.csvHeader + Self.fitsCSVHeader)
        for row in rows {
            listing.append(
                cells: [
                    row.summary.name, row.summary.totalParameters.grouped, ByteCount.iec(row.weightsBytes),
                    ByteCount.iec(row.kvCacheBytes), row.activationBytes.map(ByteCount.iec) ?? "unknown",
                    ByteCount.iec(row.totalBytes), ByteCount.iec(row.roomLeftBytes),
                ],
                csv: (Self.csvCells(of: row.summary) + Self.memoryCells(row)).map(\.text),
                json: Self.jsonObject(row))
        }
        output.emit(listing.render(output.format, headers: !output.noHeaders, style: output.style))
    }

    /// The JSON object of a row: `list`'s keys and the memory terms (docs/SCHEMA.md).
    static func jsonObject(_ row: FittingArchitecture) -> [String: Any] {
        var json = row.summary.jsonObject
        json["weights_bytes"] = row.weightsBytes
        json["kv_cache_bytes"] = row.kvCacheBytes
        json["activation_bytes"] = row.activationBytes as Any? ?? NSNull()
        json["total_bytes"] = row.totalBytes
        json["room_left_bytes"] = row.roomLeftBytes
        return json
    }

    /// The memory cells of a CSV row, in the order of ``fitsCSVHeader``.
    static func memoryCells(_ row: FittingArchitecture) -> [CSVCell] {
        [
            .integer(row.weightsBytes), .integer(row.kvCacheBytes), row.activationBytes.map(CSVCell.integer) ?? .text(""),
            .integer(row.totalBytes), .integer(row.roomLeftBytes),
        ]
    }

    /// The memory columns `list --fits` adds to CSV.
    static let fitsCSVHeader = ["weights_bytes", "kv_cache_bytes", "activation_bytes", "total_bytes", "room_left_bytes"]
}
