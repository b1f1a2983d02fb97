import CatalogCore
import CatalogService
import Foundation

extension WeightsSummary {
    /// What each linked layer stores, in the order of its first tensor: its tensors, their
    /// elements and bytes (`nil` if one dtype's size is unknown). Tensors listed but not counted
    /// (a storage already counted) and unlinked tensors are left out.
    var storedByLayer: [(layer: String, tensors: Int, elements: Int, bytes: Int?)] {
        var order: [String] = []
        var totals: [String: (tensors: Int, elements: Int, bytes: Int?)] = [:]
        for tensor in tensors where tensor.uncountedReason == nil {
            guard let layer = tensor.layer else { continue }
            if totals[layer] == nil { order.append(layer); totals[layer] = (0, 0, 0) }
            var total = totals[layer]!
            total.tensors += 1
            total.elements &+= tensor.elements
            total.bytes = tensor.bytes.flatMap { size in total.bytes.map { $0 &+ size } }
            totals[layer] = total
        }
        return order.map { (layer: $0, tensors: totals[$0]!.tensors, elements: totals[$0]!.elements, bytes: totals[$0]!.bytes) }
    }

    /// `show --tensors`, after the tensors: the bytes each layer stores.
    var layerStorageListing: Listing {
        var listing = Listing(
            columns: [.left("Layer"), .right("Tensors"), .right("Stored elements"), .right("Stored bytes")], for: .table)
        for entry in storedByLayer {
            listing.append(
                cells: [entry.layer, entry.tensors.grouped, entry.elements.grouped,
                        entry.bytes.map { "\($0.grouped) (\($0.iecSize))" } ?? "unknown"])
        }
        return listing
    }

    /// The lines added to `show`'s totals: elements per dtype and the bytes stored.
    var totalsLines: [(label: String, value: String)] {
        let dtypes = paramsByDType.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\($0.value.grouped) \($0.key)" }.joined(separator: ", ")
        var lines = [("Stored params by dtype", dtypes)]
        lines.append(("Weight bytes", weightBytes.map { "\($0.grouped) (\($0.iecSize))" } ?? "unknown (a dtype of unknown size)"))
        let uncounted = tensors.filter { $0.uncountedReason != nil }
        if !uncounted.isEmpty {
            lines.append(("Not counted again", uncounted.map { "\($0.name): \($0.uncountedReason!)" }.joined(separator: "; ")))
        }
        return lines
    }

    /// `show --tensors`: one row per stored tensor, with the layer it is linked to (`-` for none).
    var tensorListing: Listing {
        var listing = Listing(
            columns: [.left("Tensor"), .left("Dtype"), .left("Shape"), .right("Elements"), .right("Bytes"), .left("Layer")], for: .table)
        for tensor in tensors {
            let note = tensor.uncountedReason.map { "  (\($0))" } ?? ""
            listing.append(
                cells: [tensor.name + note, tensor.dtype, "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")",
                        tensor.elements.grouped, tensor.bytes?.grouped ?? "unknown", tensor.layer ?? "-"])
        }
        return listing
    }
}
