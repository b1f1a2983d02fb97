import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogStore

/// Sample rows; `computed` fills every cached column with numbers derived from `params`.
enum Sample {
    static let timestamp = "2025-01-31T12:00:00Z"

    static func architecture(
        _ name: String, params: Int? = 1_000, macs: Int? = 5_000, layerCount: Int? = 3,
        computeVersion: Int? = 1
    ) -> ArchitectureRecord {
        var record = ArchitectureRecord(
            name: name,
            description: "The \(name) network.",
            source: "https://example.org/\(name)",
            tags: #"["cnn","example"]"#,
            framework: "keras",
            sourceFormat: "native",
            sourceVersion: "1",
            document: #"{"data_format":"channels_last"}"#,
            inputShapes: "[[28,28,1]]",
            createdAt: timestamp,
            updatedAt: timestamp,
            outputShapes: params == nil ? nil : "[[10]]",
            totalParams: params,
            trainableParams: params.map { $0 - min($0, 10) },
            nonTrainableParams: params.map { min($0, 10) },
            macs: macs,
            layerCount: layerCount,
            depth: layerCount,
            parameterBytes: params.map { $0 * 4 },
            activationElements: params == nil ? nil : 1_234,
            computeVersion: computeVersion,
            computedAt: computeVersion == nil ? nil : timestamp)
        // As the service fills it for a file without a declared dtype or tensors: float32.
        record.defaultWeightsBytes = params.map { $0 * 4 }
        record.defaultWeightType = params == nil ? nil : "f32"
        return record
    }

    static func layers(_ count: Int = 3, computed: Bool = true) -> [LayerRecord] {
        (0..<count).map { position in
            LayerRecord(
                position: position,
                name: "layer_\(position)",
                type: position == 0 ? "InputLayer" : "Dense",
                config: #"{"units":\#(position + 1)}"#,
                inbound: position == 0 ? "[]" : #"[[["layer_\#(position - 1)",0,0]]]"#,
                trainable: position != 2,
                outputShapes: computed ? "[[\(position + 1)]]" : nil,
                params: computed ? position * 10 : nil,
                trainableParams: computed ? (position == 2 ? 0 : position * 10) : nil,
                nonTrainableParams: computed ? (position == 2 ? position * 10 : 0) : nil,
                macs: computed ? position * 100 : nil)
        }
    }
}

extension CatalogDatabase {
    /// A count from raw SQL, bypassing the repository API.
    func rawCount(_ sql: String) throws -> Int? {
        try fetchTextForTesting("SELECT CAST((\(sql)) AS TEXT)").flatMap { Int($0) }
    }
}

/// The ``StoreError`` thrown by `body`, or `nil`; any other error is a test failure.
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(type(of: error)): \(error)")
        return nil
    }
}
