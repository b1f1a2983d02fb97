import CatalogCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a Keras `.h5` file (`model.save("model.h5")` of Keras 1, 2, tf.keras and Keras 3's
/// legacy HDF5 format) through libhdf5 (``HDF5Library``).
///
/// The layout (Keras' `legacy/saving/legacy_h5_format.py`, `save_model_to_hdf5`): the root's
/// attributes `model_config` (the JSON of `model.to_json()`), `keras_version`, `backend`, and
/// `training_config` for a compiled model; the weights in the group `model_weights`, one group
/// per layer (`model_weights/<layer>/<layer>/kernel:0` in Keras 2, `…/kernel` in Keras 3; a nested
/// model's weights under its own layer's group); a compiled model's optimizer state in
/// `optimizer_weights`. Keras 3's own weights format (`layers/<layer>/vars/N`, what
/// `save_weights("x.weights.h5")` writes) is read the same way when a file has a `model_config`.
enum KerasH5 {
    /// HDF5's format signature, the first 8 bytes of a file without a user block.
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Where HDF5's signature may be: byte 0, or after a user block at 512, 1024, 2048, … (every
    /// power of two from 512 on; the HDF5 File Format Specification, section "Format Signature
    /// and Version Information", and libhdf5's `H5FD_locate_signature`, which searches the same
    /// offsets up to the end of the file), in a file of `size` bytes.
    static func signatureOffsets(size: Int) -> [Int] {
        var offsets = [0]
        var offset = 512
        while offset <= size - signature.count {
            offsets.append(offset)
            offset *= 2
        }
        return offsets
    }

    /// Whether `data` is an HDF5 file: the signature at byte 0, or after a user block. A user
    /// block is not looked for in a zip (a `.keras` archive may store an HDF5 file, the weights,
    /// uncompressed) or a file named `.onnx`.
    static func isHDF5(_ data: Data, file: String) -> Bool {
        if data.starts(with: signature) { return true }
        guard mayHaveUserBlock(first: data.prefix(4), file: file) else { return false }
        return signatureOffsets(size: data.count).dropFirst().contains { offset in
            data[data.startIndex + offset..<data.startIndex + offset + signature.count].elementsEqual(signature)
        }
    }

    /// The same for the file at `path`, reading 8 bytes at each offset (`pread`: a pipe is not
    /// read here, so nothing of it is consumed).
    static func isHDF5(path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        func bytes(at offset: Int, count: Int) -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: count)
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return read == count ? buffer : []
        }
        let offsets = signatureOffsets(size: Int(info.st_size))
        if bytes(at: 0, count: signature.count) == signature { return true }
        guard mayHaveUserBlock(first: Data(bytes(at: 0, count: 4)), file: path) else { return false }
        return offsets.dropFirst().contains { bytes(at: $0, count: signature.count) == signature }
    }

    private static func mayHaveUserBlock(first: Data, file: String) -> Bool {
        !first.starts(with: [0x50, 0x4B, 0x03, 0x04]) && !file.lowercased().hasSuffix(".onnx")
    }

    /// What the reader takes out of the file (Codable: a child process sends it to its parent as
    /// JSON, ``HDF5Reading``).
    struct Contents: Codable {
        /// The `model_config` attribute: Keras model JSON.
        var modelConfig: String
        var kerasVersion: String?
        var backend: String?
        /// The model's weights: every dataset of `model_weights` (or `layers`).
        var tensors: [Tensor]
        /// Whether the file has a weights group at all (`model.save(include_weights=False)`
        /// writes none: nothing to cross-check).
        var hasWeights: Bool
        /// Datasets of `optimizer_weights` (or `optimizer`): how many, and their elements.
        var optimizerTensors: Int
        var optimizerElements: Int
    }

    /// The file at `path`, opened by libhdf5 (only the attributes and the datasets' headers are
    /// read, never the weights), in this process or in a child process as `mode` says
    /// (``HDF5Reading``).
    /// - Throws: ``ImportError`` naming `file`: missing libhdf5 (``ImportError/isMissingLibrary``),
    ///   not HDF5 or damaged, no `model_config` (a weights-only file), a malformed attribute; in a
    ///   child process also libhdf5 crashing, or not finishing within the time limit.
    static func contents(path: String, file: String, mode: HDF5Reading.Mode = HDF5Reading.mode) throws(ImportError) -> Contents {
        try importError(file) { () throws(HDF5Error) in
            switch mode {
            case .inProcess: return try openAndRead(path: path)
            case .childProcess(let reader): return try HDF5Reading.contents(path: path, reader: reader)
            }
        }
    }

    /// The same for a file's bytes held in memory (HDF5's core driver in process; a temporary
    /// file for a child process).
    static func contents(image: Data, file: String, mode: HDF5Reading.Mode = HDF5Reading.mode) throws(ImportError) -> Contents {
        try importError(file) { () throws(HDF5Error) in
            switch mode {
            case .inProcess:
                return try withLibrary { library throws(HDF5Error) in try HDF5File.open(image: image, library: library) }
            case .childProcess(let reader): return try HDF5Reading.contents(image: image, reader: reader)
            }
        }
    }

    /// Reads the file at `path` in this process.
    static func openAndRead(path: String) throws(HDF5Error) -> Contents {
        try withLibrary { library throws(HDF5Error) in try HDF5File.open(path: path, library: library) }
    }

    private static func withLibrary(_ open: (HDF5Library) throws(HDF5Error) -> HDF5File) throws(HDF5Error) -> Contents {
        try HDF5Library.withLibrary { library throws(HDF5Error) in
            let h5 = try open(library)
            defer { h5.close() }
            return try contents(of: h5)
        }
    }

    /// `body`'s ``HDF5Error`` as an ``ImportError`` naming `file`.
    private static func importError(_ file: String, _ body: () throws(HDF5Error) -> Contents) throws(ImportError) -> Contents {
        do {
            return try body()
        } catch {
            switch error {
            case .unavailable(let reason):
                throw ImportError(
                    file: file,
                    problem: "reading a .h5 file needs the HDF5 library: \(reason); install it with: \(HDF5Library.installHint)",
                    isMissingLibrary: true)
            case .malformed(let reason):
                throw ImportError(file: file, problem: reason)
            }
        }
    }

    private static func contents(of h5: HDF5File) throws(HDF5Error) -> Contents {
        guard let config = try h5.stringAttribute("model_config") else {
            throw .malformed(missingConfigProblem(h5))
        }
        let weightsRoot = h5.exists("model_weights") ? "model_weights" : h5.exists("layers") ? "layers" : nil
        var tensors: [Tensor] = []
        var total = 0
        if let weightsRoot {
            for dataset in try h5.datasets(under: "/" + weightsRoot) {
                tensors.append(tensor(dataset, root: weightsRoot))
                // Each dataset has fewer than 2^63 elements (HDF5File.dataset); so must all of them.
                let (sum, overflow) = total.addingReportingOverflow(tensors[tensors.count - 1].elements)
                guard !overflow else { throw .malformed("the weight datasets of '\(weightsRoot)' hold more than 2^63 elements") }
                total = sum
            }
        }
        var (optimizerTensors, optimizerElements) = (0, 0)
        for group in ["optimizer_weights", "optimizer"] where h5.exists(group) {
            for dataset in try h5.datasets(under: "/" + group) {
                optimizerTensors += 1
                let elements = dataset.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
                let (sum, overflow) = optimizerElements.addingReportingOverflow(elements)
                guard !overflow else { throw .malformed("the datasets of '\(group)' hold more than 2^63 elements") }
                optimizerElements = sum
            }
        }
        return Contents(
            modelConfig: config, kerasVersion: try h5.stringAttribute("keras_version"),
            backend: try h5.stringAttribute("backend"), tensors: tensors, hasWeights: weightsRoot != nil,
            optimizerTensors: optimizerTensors, optimizerElements: optimizerElements)
    }

    /// Why a file without `model_config` is refused: weights without an architecture (Keras 3
    /// `.weights.h5`, tf.keras `save_weights` with its `layer_names` attribute), or not Keras.
    private static func missingConfigProblem(_ h5: HDF5File) -> String {
        let isWeights = h5.hasAttribute("layer_names") || h5.exists("layers") || h5.exists("vars")
            || h5.exists("model_weights")
        guard isWeights else {
            return "an HDF5 file without a 'model_config' attribute: not a Keras model saved with model.save()"
        }
        return "holds weights but no architecture (no 'model_config' attribute: it was written by save_weights()); "
            + "save the model with model.save(\"model.h5\") or model.save(\"model.keras\"), or write "
            + "model.to_json() to a .json file and add that"
    }

    private static func tensor(_ dataset: HDF5File.Dataset, root: String) -> Tensor {
        var elements = 1
        for dimension in dataset.shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            elements = overflow ? .max : product
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: dataset.itemSize)
        let layer = dataset.path.count > 1 && dataset.path[0] != "top_level_model_weights" ? dataset.path[0] : nil
        let last = dataset.path.last ?? ""
        let isBuffer = last.hasPrefix("moving_mean") || last.hasPrefix("moving_variance")
        return Tensor(
            name: ([root] + dataset.path).joined(separator: "/"), dtype: dataset.dtype, shape: dataset.shape,
            elements: elements, bytes: overflow || dataset.itemSize == 0 ? nil : bytes, layer: layer,
            isBuffer: isBuffer)
    }
}

extension KerasH5 {
    /// The remarks about a read `.h5` file: the stored weights against the computed parameters
    /// (per top-level layer, the sum of the elements of its weight datasets against its trainable
    /// plus non-trainable parameters), and the optimizer state, which is not counted.
    ///
    /// Keras 3's `model.summary()` adds a compiled model's optimizer variables to its "Total
    /// params" line ("Optimizer params"); those are the optimizer's state (Adam's moments, the
    /// iteration count), not parameters of the model, and are left out here.
    static func warnings(for architecture: Architecture, contents: Contents) -> [String] {
        var warnings: [String] = []
        if contents.optimizerTensors > 0 {
            warnings.append(
                "the file also holds \(contents.optimizerTensors) optimizer weights (\(contents.optimizerElements) elements): "
                    + "the optimizer's state, not model parameters; they are not counted")
        }
        guard contents.hasWeights, let results = try? Engine.infer(architecture), results.allSatisfy(\.isCounted) else {
            return warnings
        }
        // Sums that saturate at Int.max: a hostile file cannot make them trap (the reader caps
        // the stored total below 2^63; the engine's totals are checked).
        func add(_ a: Int, _ b: Int) -> Int {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? .max : sum
        }
        var stored: [String: Int] = [:]
        for tensor in contents.tensors { stored[tensor.layer ?? "(model)"] = add(stored[tensor.layer ?? "(model)", default: 0], tensor.elements) }
        var computed: [String: Int] = [:]
        for result in results {
            computed[result.name] = add(computed[result.name, default: 0], add(result.trainableParameters, result.nonTrainableParameters))
        }
        let storedTotal = stored.values.reduce(0, add)
        let computedTotal = computed.values.reduce(0, add)
        guard storedTotal != computedTotal else { return warnings }
        let differing = Set(stored.keys).union(computed.filter { $0.value > 0 }.keys)
            .filter { stored[$0, default: 0] != computed[$0, default: 0] }
            .sorted()
            .prefix(10)
            .map { "\($0) (stored \(stored[$0, default: 0]), computed \(computed[$0, default: 0]))" }
        warnings.append(
            "the file's weights hold \(storedTotal) elements but the layers have \(computedTotal) parameters "
                + "(difference \(storedTotal - computedTotal)); differing layers: " + differing.joined(separator: ", "))
        return warnings
    }
}
