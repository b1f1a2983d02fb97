import CatalogCore

extension KerasReader {
    /// Fills the unknown dimensions (`None` in the file) of the model's first input with
    /// `--input-shape`, as building the model with `input_shape=` does in Keras.
    /// - Parameters:
    ///   - layers: the top-level layers; the first layer named in `inputs` is changed in place.
    ///   - requested: the shape given by the user, batch excluded.
    /// - Throws: ``ImportError`` naming the input and both shapes when the ranks differ or a
    ///   dimension the file records differs from the requested one.
    static func fillUnknownDimensions(
        of layers: inout [Layer], inputs: [String], requested: [Int?], file: String
    ) throws(ImportError) {
        guard let inputName = inputs.first,
              let index = layers.firstIndex(where: { $0.name == inputName }),
              case .input(let recorded) = layers[index].kind
        else { return }
        func mismatch() -> ImportError {
            ImportError(
                file: file, layer: (index + 1, inputName),
                problem: "--input-shape \(TensorShape(requested)) does not fit the input's shape \(recorded) (batch excluded)")
        }
        guard recorded.rank == requested.count else { throw mismatch() }
        var filled: [Int?] = []
        for (known, given) in zip(recorded.dimensions, requested) {
            switch (known, given) {
            case let (known?, given?) where known != given: throw mismatch()
            default: filled.append(known ?? given)
            }
        }
        guard filled != recorded.dimensions else { return }
        var config = layers[index].config
        config["shape"] = .array(filled.map { $0.map(ConfigValue.int) ?? .null })
        config["batch_shape"] = nil
        config["batch_input_shape"] = nil
        layers[index] = Layer(
            name: inputName, type: layers[index].type, config: config,
            kind: .input(shape: TensorShape(filled)), calls: layers[index].calls,
            isTrainable: layers[index].isTrainable)
    }
}
