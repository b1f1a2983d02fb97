import Foundation

/// A `<model>.expected.json` fixture: what Keras itself reported for a model (written by the
/// scripts that made the fixtures with Keras; see Tests/CatalogImportTests/Fixtures). The `.h5`
/// fixtures add the Keras version and backend, and h5py's listing of the weight datasets.
public struct KerasExpected: Decodable, Sendable {
    public struct Layer: Decodable, Sendable {
        public let name: String
        public let class_name: String?
        public let output_shape: ShapeOrList?
        public let params: Int
        public let trainable_params: Int
        public let non_trainable_params: Int
    }
    /// One weight dataset as h5py lists it.
    public struct Weight: Decodable, Sendable {
        public let name: String
        public let shape: [Int]
        public let dtype: String
    }
    /// The optimizer's saved state: how many arrays and their elements.
    public struct Optimizer: Decodable, Sendable {
        public let count: Int
        public let elements: Int
    }
    public let total_params: Int
    public let trainable_params: Int
    public let non_trainable_params: Int
    public let keras_version: String?
    public let backend: String?
    public let layers: [Layer]
    public let weights: [Weight]?
    public let optimizer_weights: Optimizer?

    /// Reads the fixture at `url`.
    public static func load(_ url: URL) throws -> KerasExpected {
        try JSONDecoder().decode(KerasExpected.self, from: Data(contentsOf: url))
    }

    /// The `<m>` of every `<m>.expected.json` in `directory` beside an `<m>.<fileExtension>`, sorted.
    public static func models(in directory: URL, fileExtension: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".expected.json") }
            .map { String($0.dropLast(".expected.json".count)) }
            .filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0).\(fileExtension)").path) }
            .sorted()
    }
}

/// Keras writes a single output as `[null, 8, 16]` and several as a list of such lists.
public enum ShapeOrList: Decodable, Sendable, Equatable {
    case single([Int?])
    case several([[Int?]])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode([Int?].self) { self = .single(single) } else {
            self = .several(try container.decode([[Int?]].self))
        }
    }

    /// Every output's shape without the batch axis (Keras' first entry).
    public var batchFreeShapes: [[Int?]] {
        switch self {
        case .single(let shape): [Array(shape.dropFirst())]
        case .several(let shapes): shapes.map { Array($0.dropFirst()) }
        }
    }
}
