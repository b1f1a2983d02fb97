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
    /// A library needed to read the file (libhdf5 for `.h5`) is not installed (exit 69).
    public var isMissingLibrary: Bool = false

    /// Creates an error about `file`, optionally naming a layer.
    public init(
        file: String, layer: (index: Int, name: String)? = nil, problem: String, isMissingFile: Bool = false,
        isMissingLibrary: Bool = false
    ) {
        self.file = file
        self.isMissingFile = isMissingFile
        self.isMissingLibrary = isMissingLibrary
        self.layerIndex = layer?.index
        self.layerName = layer?.name
        self.problem = problem
    }

    /// `file: layer 3 'conv2': problem`, or `file: problem`; always one line: control
    /// characters from the file (a newline in a layer name) are shown escaped, and a number of
    /// more than 40 digits quoted from the file is cut (`99999999999999999999…(100000 digits)`).
    public var description: String {
        if let layerIndex {
            return "\(file): layer \(layerIndex) '\(layerName ?? "")': \(Self.cuttingLongNumbers(problem))".escapingControlCharacters
        }
        return "\(file): \(Self.cuttingLongNumbers(problem))".escapingControlCharacters
    }

    /// `text` with every run of more than 40 digits cut to its first 20 and its length.
    static func cuttingLongNumbers(_ text: String) -> String {
        var result = ""
        var digits = ""
        func flush() {
            result += digits.count > 40 ? "\(digits.prefix(20))…(\(digits.count) digits)" : digits
            digits = ""
        }
        for character in text {
            if character.isASCII, character.isNumber { digits.append(character) } else { flush(); result.append(character) }
        }
        flush()
        return result
    }
}

extension String {
    /// The text with newlines, tabs and other control characters written as escapes (`\n`,
    /// `\t`, `\u{7}`), so that a message built from file contents stays on one line.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" })
        else { return self }
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}":
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
