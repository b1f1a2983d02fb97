import CatalogCore

extension ArchitectureSort {
    /// The `architectures` column this order sorts on; each is served by an index
    /// (migrations/). Only the store knows column names, so this stays out of CatalogCore.
    var column: String {
        switch self {
        case .name: "name"
        case .params: "total_params"
        case .trainable: "trainable_params"
        case .macs, .flops: "macs"
        case .layers: "layer_count"
        case .depth: "depth"
        case .memory: "default_weights_bytes"
        case .added: "id"
        case .active: "active_params"
        }
    }
}
