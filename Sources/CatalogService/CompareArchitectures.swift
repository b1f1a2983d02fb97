import CatalogCore

/// Remarks on comparing architectures counted by different conventions.
public enum ConventionNotes {
    /// When the architectures follow more than one counting convention, one note naming which
    /// follows which and what each counts; then one note per pair with the same layers: they
    /// differ only in convention, or not at all.
    /// - Parameter architectures: The compared architectures, in order.
    public static func notes(for architectures: [Architecture]) -> [String] {
        var notes: [String] = []
        let frameworks = Framework.allCases.filter { framework in architectures.contains { $0.framework == framework } }
        if frameworks.count > 1 {
            let groups = frameworks.map { framework in
                let names = architectures.filter { $0.framework == framework }.map { "'\($0.name)'" }
                return "\(names.joined(separator: ", ")) \(names.count == 1 ? "follows" : "follow") \(framework.rawValue) "
                    + "(\(description(of: framework)))"
            }
            notes.append("Different counting conventions: " + groups.joined(separator: "; ")
                + ". Non-trainable parameters are not comparable across conventions.")
            for architecture in architectures {
                let count = untrackedBatchNormalizations(in: architecture.layers)
                guard count > 0 else { continue }
                notes.append("'\(architecture.name)' has \(count) BatchNormalization layer\(count == 1 ? "" : "s") with track_running_stats false: "
                    + "no running statistics, so \(count == 1 ? "it counts" : "they count") the same under either convention.")
            }
        }
        for i in architectures.indices {
            for j in architectures.indices where j > i && architectures[i].layers == architectures[j].layers {
                let a = architectures[i], b = architectures[j]
                if a.name.lowercased() == b.name.lowercased() { continue }  // the same one twice
                if a.framework != b.framework {
                    notes.append("'\(a.name)' and '\(b.name)' have the same layers: they differ only in counting convention (\(a.framework.rawValue) vs \(b.framework.rawValue)).")
                } else {
                    notes.append("'\(a.name)' and '\(b.name)' have the same layers and convention: their numbers are equal.")
                }
            }
        }
        return notes
    }

    /// BatchNormalization layers without running statistics (PyTorch's `track_running_stats`
    /// false), nested models and TimeDistributed included.
    static func untrackedBatchNormalizations(in layers: [Layer]) -> Int {
        func count(_ kind: LayerKind) -> Int {
            switch kind {
            case .batchNormalization(let normalization): normalization.tracksRunningStatistics ? 0 : 1
            case .timeDistributed(let inner): count(inner)
            case .model(let model): untrackedBatchNormalizations(in: model.layers)
            default: 0
            }
        }
        return layers.reduce(0) { $0 + count($1.kind) }
    }

    private static func description(of framework: Framework) -> String {
        switch framework {
        case .keras: "BatchNormalization's moving mean and variance are non-trainable parameters"
        case .pytorch: "running statistics are buffers, not parameters"
        }
    }
}
