import CatalogCore

/// An error reading an architecture file: names the file, the layer (when there is one), and
/// the problem.
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file name as the user gave it.
    public var file: String
    /// 1-based position and name of the layer at fault, when the problem is in a layer.
    public var layer: (index: Int, name: String)? {
        get { layerIndex.map { ($0, layerName ?? "") } }
        set { layerIndex = newValue?.index; layerName = newValue?.name }
    }
    private var layerIndex: Int?
    private var layerName: String?
    /// What is wrong, in words.
    public var problem: String
    /// The file does not exist (exit 66 rather than 65).
    public var isMissingFile: Bool

    /// Creates an error about `file`, optionally naming a layer.
    public init(file: String, layer: (index: Int, name: String)? = nil, problem: String, isMissingFile: Bool = false) {
        self.file = file
        self.isMissingFile = isMissingFile
        self.layerIndex = layer?.index
        self.layerName = layer?.name
        self.problem = problem
    }

    /// `file: layer 3 'conv2': problem`, or `file: problem`.
    public var description: String {
        if let layerIndex {
            return "\(file): layer \(layerIndex) '\(layerName ?? "")': \(problem)"
        }
        return "\(file): \(problem)"
    }
}
