import CatalogCore
import CatalogService
import Foundation

extension WeightsSummary {
    /// The lines added to `show`'s totals: elements per dtype and the bytes stored.
    var totalsLines: [(label: String, value: String)] {
        let dtypes = paramsByDType.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\($0.value.grouped) \($0.key)" }.joined(separator: ", ")
        var lines = [("Stored params by dtype", dtypes)]
        lines.append(("Weight bytes", weightBytes.map { "\($0.grouped) (\($0.kerasMemorySize))" } ?? "unknown (a dtype of unknown size)"))
        let uncounted = tensors.filter { $0.uncountedReason != nil }
        if !uncounted.isEmpty {
            lines.append(("Not counted again", uncounted.map { "\($0.name): \($0.uncountedReason!)" }.joined(separator: "; ")))
        }
        return lines
    }

    /// `show --tensors`: one row per stored tensor.
    var tensorListing: Listing {
        var listing = Listing(
            columns: [.left("Tensor"), .left("Dtype"), .left("Shape"), .right("Elements"), .right("Bytes")],
            csvHeader: ["name", "dtype", "shape", "elements", "bytes"], for: .table)
        for tensor in tensors {
            let note = tensor.uncountedReason.map { "  (\($0))" } ?? ""
            listing.append(
                cells: [tensor.name + note, tensor.dtype, "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")",
                        tensor.elements.grouped, tensor.bytes?.grouped ?? "unknown"],
                csv: [], json: [:])
        }
        return listing
    }
}
