// The classical machine-learning operators of the `ai.onnx.ml` domain (scikit-learn's exports
// through skl2onnx, onnxmltools): shapes from the operator specification
// (onnx/docs/Operators-ml.md) and onnxruntime's kernels (onnxruntime/core/providers/cpu/ml/),
// parameters from the attributes that hold what was fitted. docs/ONNX.md states the line:
//
// - Parameters (trainable): the coefficients and intercepts of LinearClassifier,
//   LinearRegressor and the SVMs (and the SVMs' support vectors and rho): learned weights a
//   model multiplies by, as a Dense layer's kernel and bias.
// - Non-trainable: fitted statistics applied element-wise (Scaler's offset and scale,
//   Imputer's imputed values), as BatchNormalization's moving mean and variance.
// - Not parameters: a tree ensemble's nodes (thresholds and leaf values are decision rules,
//   counted and said in a warning), label and category lists (LabelEncoder, OneHotEncoder,
//   ZipMap's class labels).
// - MACs: LinearClassifier and LinearRegressor: rows × features × outputs (the matrix product
//   onnxruntime's kernels compute, as Gemm); tree ensembles, scalers, encoders: 0 (comparisons
//   and element-wise work, not multiply-accumulates); SVMs: unknown (kernel-dependent).

extension Analyzer {
    /// One `ai.onnx.ml` operator, or `nil` for one the catalog does not know.
    /// - Throws: ``ONNXGraphError`` for coefficients that do not fit the features.
    mutating func inferML(_ node: ONNXNode, label: String, inputs: [ONNXValue?]) throws(ONNXGraphError) -> Inferred? {
        let c = NodeContext(node: node, label: label, inputs: inputs)
        let x = c.value(0)
        var perStep = false
        func attributeCount(_ name: String) -> Int {
            switch node.attributes[name] {
            case .floats(let v): v.count
            case .ints(let v): v.count
            case .strings(let v): v.count
            case .tensor(let t): t.dims.reduce(1, *)
            default: 0
            }
        }
        /// The rows: X's dims without the features axis (`[N]` for `[N, F]`; one row for `[F]`).
        let rows: [ONNXDim]? = x?.dims.map { $0.count >= 2 ? Array($0.dropLast()) : [.value(1)] }
        let features = x?.dims?.last
        // LinearClassifier names its integer labels classlabels_ints; the tree ensembles and SVMs
        // classlabels_int64s.
        let labels = max(attributeCount("classlabels_ints"), attributeCount("classlabels_int64s"), attributeCount("classlabels_strings"))
        let labelType = attributeCount("classlabels_strings") > 0 ? 8 : 7
        func rowsAnd(_ columns: Int) -> [ONNXDim]? { rows.map { $0 + [.value(columns)] } }
        func same(_ elementType: Int? = nil) -> ONNXValue { ONNXValue(dims: x?.dims, elementType: elementType ?? x?.elementType ?? 0) }

        switch node.opType {
        case "LinearClassifier", "LinearRegressor":
            let coefficients = attributeCount("coefficients")
            let intercepts = attributeCount("intercepts")
            let outputsCount = node.opType == "LinearRegressor"
                ? c.int("targets", 1) : (intercepts > 0 ? intercepts : (features?.value).map { $0 > 0 ? coefficients / $0 : 0 } ?? 0)
            if let f = features?.value, coefficients != f * outputsCount {
                throw c.fault("\(node.opType): \(coefficients) coefficients do not fit \(f) features × \(outputsCount) outputs")
            }
            let macs = multiply(multiply(rows.flatMap { count($0, &perStep) }, features.flatMap { count([$0], &perStep) }), outputsCount)
            var inferred: Inferred
            if node.opType == "LinearRegressor" {
                inferred = Inferred(outputs: [ONNXValue(dims: rowsAnd(outputsCount), elementType: 1)], macs: macs, perStep: perStep)
            } else {
                // onnxruntime (linearclassifier.cc): one score column per class, two for a binary
                // model of one coefficient row and two labels.
                let scores = outputsCount == 1 && labels == 2 ? 2 : outputsCount
                inferred = Inferred(
                    outputs: [ONNXValue(dims: rows, elementType: labelType), ONNXValue(dims: rowsAnd(scores), elementType: 1)],
                    macs: macs, perStep: perStep)
            }
            inferred.trainable = coefficients + intercepts
            warnings.append("node '\(label)': \(node.opType): its \(coefficients + intercepts) coefficients and intercepts (attributes) are counted as parameters (docs/ONNX.md)")
            return inferred
        case "SVMClassifier", "SVMRegressor":
            let fitted = attributeCount("support_vectors") + attributeCount("coefficients") + attributeCount("rho") + attributeCount("prob_a") + attributeCount("prob_b")
            var outputs: [ONNXValue]
            if node.opType == "SVMRegressor" {
                outputs = [ONNXValue(dims: rowsAnd(1), elementType: 1)]
            } else {
                outputs = [ONNXValue(dims: rows, elementType: labelType), ONNXValue(dims: nil, elementType: 1)]
            }
            var inferred = Inferred(outputs: outputs, macs: nil)
            inferred.trainable = fitted
            warnings.append("node '\(label)': \(node.opType): its \(fitted) support vectors, coefficients and rho (attributes) are counted as parameters; its MACs depend on the kernel and are unknown (docs/ONNX.md)")
            return inferred
        case "TreeEnsembleClassifier", "TreeEnsembleRegressor", "TreeEnsemble":
            let nodes = max(attributeCount("nodes_nodeids"), attributeCount("nodes_featureids"), attributeCount("nodes_modes"))
            warnings.append("node '\(label)': \(node.opType): its \(nodes) tree nodes are decision rules, not parameters; 0 parameters and 0 MACs are counted (docs/ONNX.md)")
            if node.opType == "TreeEnsembleClassifier" {
                // onnxruntime (tree_ensemble_aggregator.h): a binary model scores two columns.
                return Inferred(outputs: [ONNXValue(dims: rows, elementType: labelType), ONNXValue(dims: rowsAnd(max(labels, 2)), elementType: 1)])
            }
            let targets = c.int("n_targets", 1)
            return Inferred(outputs: [ONNXValue(dims: rowsAnd(targets), elementType: 1)])
        case "Normalizer":
            return Inferred(outputs: [same(1)])
        case "Binarizer":
            return Inferred(outputs: [same()])
        case "Scaler":
            var inferred = Inferred(outputs: [same(1)])
            inferred.nonTrainable = attributeCount("offset") + attributeCount("scale")
            return inferred
        case "Imputer":
            var inferred = Inferred(outputs: [same()])
            inferred.nonTrainable = attributeCount("imputed_value_floats") + attributeCount("imputed_value_int64s")
            return inferred
        case "LabelEncoder":
            let type = attributeCount("values_strings") > 0 ? 8 : (attributeCount("values_int64s") > 0 ? 7 : (attributeCount("values_floats") > 0 ? 1 : x?.elementType ?? 0))
            return Inferred(outputs: [same(type)])
        case "OneHotEncoder":
            let categories = max(attributeCount("cats_int64s"), attributeCount("cats_strings"))
            return Inferred(outputs: [ONNXValue(dims: x?.dims.map { $0 + [.value(categories)] }, elementType: 1)])
        case "ArrayFeatureExtractor":
            guard let dims = x?.dims, !dims.isEmpty, let indices = c.value(1)?.dims else { return Inferred(outputs: [same()]) }
            let selected = indices.reduce(ONNXDim.value(1)) { product, dim in
                if let p = product.value, let d = dim.value { return .value(p * d) }
                return .unknown
            }
            return Inferred(outputs: [ONNXValue(dims: Array(dims.dropLast()) + [selected], elementType: x?.elementType ?? 0)])
        case "FeatureVectorizer":
            let widths: [Int] = if case .ints(let v) = node.attributes["inputdimensions"] { v } else { [] }
            return Inferred(outputs: [ONNXValue(dims: rows.map { $0 + [.value(widths.reduce(0, +))] }, elementType: 1)])
        case "ZipMap":
            // A sequence of maps (class label → score), not a tensor: no shape to give.
            return Inferred(outputs: [ONNXValue()])
        default:
            return nil
        }
    }
}
