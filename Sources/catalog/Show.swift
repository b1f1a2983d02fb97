import ArgumentParser
import CatalogCore
import CatalogService
import Foundation

/// `catalog show NAME`
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an architecture's layers with output shapes, parameters and MACs, and its totals.",
        discussion: """
            The table lists each layer as Keras' model.summary() does (name, type, output shape \
            without the batch axis, parameters) plus MACs, each layer's share of the parameters \
            with a small bar (as torchinfo's params_percent), and the inbound layers when the \
            graph branches. The totals block copies Keras' (sizes in its units: float32, "MB" \
            = 1024² bytes), then MACs; --flops adds FLOPs = 2 × MACs (onnxsim, calflops and \
            torch's FlopCounterMode count so). --dtype/--batch add parameter and activation \
            memory, 1024-based (KiB, MiB, GiB), and torchinfo's four lines in its units (MB = \
            10⁶ bytes), each labelled. Activation memory is every layer's output elements for \
            one forward pass (each call and output, the input excluded) × bytes per element × \
            batch, all held at once: no buffer reuse, no gradients. A layer the engine does not \
            know shows "unknown", never 0; the totals are lower bounds ("≥") and the share \
            column, "Share of ≥", is a share of a lower bound.

            --layers REGEX prints the layers whose name contains a match; given twice it prints \
            the range from the first layer matching the first to the last matching the second, \
            as Keras' layer_range. Totals are always the whole architecture's.

            A transformer's identical consecutive blocks (model.layers.0, .1, …) are one row in \
            the table and Markdown, "model.layers.0–31 ×32", with the run's summed figures and \
            one block's in its type; --expand, --layers and JSON/JSONL/CSV list every layer.

            Examples:
              catalog show vgg16
              catalog show resnet50 --layers 'conv5_block3_.*'
              catalog show vgg16 --layers block4_conv1 --layers block5_pool
              catalog show resnet50 --format json | jq .total_params
              catalog show vgg16 --flops
              catalog show mobilenet_v1 --format csv > mobilenet_v1.csv
              catalog show resnet50 --framework keras    # Keras' convention
              catalog show resnet50 --dtype float16 --batch 8
              catalog add my_model.json && catalog show my_model --expand
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The architecture's name (case-insensitive).", completion: .architectureNames)
    var name: String

    @Option(
        name: .customLong("layers"),
        help: ArgumentHelp(
            "Only the layers whose name matches this regular expression; twice for a range (first..last match).",
            valueName: "regex"))
    var layerPatterns: [String] = []

    @Flag(help: "List the layers inside nested models (a Sequential or Functional used as a layer) after it, named outer/inner, and every layer of a transformer's identical consecutive blocks (one row per run of blocks otherwise).")
    var expand = false

    @Flag(help: "List the weight tensors the file stored (name, dtype, shape, elements, bytes) after the layers.")
    var tensors = false

    @OptionGroup var counting: CountingOptions

    @OptionGroup var flops: FlopsOption

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if layerPatterns.count > 2 {
            throw ValidationError("--layers takes one pattern, or two for a range; got \(layerPatterns.count)")
        }
        for pattern in layerPatterns {
            do { _ = try NSRegularExpression(pattern: pattern) } catch {
                throw ValidationError("--layers '\(pattern)' is not a valid regular expression")
            }
        }
    }

    func run() throws {
        let catalog = try global.openCatalog()
        let framework = counting.framework
        let (detail, memory) = try orExit { () throws(ServiceError) in
            let detail = expand
                ? try catalog.expandedDetail(named: name, framework: framework)
                : try catalog.detail(named: name, framework: framework)
            let memory = counting.wantsMemory
                ? try catalog.memory(
                    named: name, elementType: counting.dtype ?? .float32, batchSize: counting.batch ?? 1,
                    framework: framework)
                : nil
            return (detail, memory)
        }
        let weights = tensors || output.format == .json
            ? try orExit { () throws(ServiceError) in try catalog.weights(named: name) } : nil
        try render(detail, memory: memory, weights: weights)
    }

    /// Prints `detail` in the chosen format, after the incomplete-architecture warning.
    func render(_ detail: ArchitectureDetail, memory: MemoryEstimate? = nil, weights: WeightsSummary? = nil) throws {
        if !detail.summary.isComplete {
            printWarning("'\(detail.summary.name)' is incomplete: totals are lower bounds; not counted: "
                + detail.summary.uncountedLayers.map { "'\($0)'" }.joined(separator: ", "))
        }
        let selection = try selectedLayers(of: detail)
        var view = LayerView(detail: detail, layers: selection, memory: memory, showsFLOPs: flops.flops)
        view.weights = weights
        view.listsTensors = tensors
        output.emit(view.render(output.format, headers: !output.noHeaders, style: output.style))
    }

    /// The layers `--layers` selects: every layer matching one pattern, or Keras' layer_range
    /// for two (from the first match of the first to the last match of the second).
    func selectedLayers(of detail: ArchitectureDetail) throws -> [LayerSummary] {
        let regexes = try layerPatterns.map { try NSRegularExpression(pattern: $0) }
        func matches(_ regex: NSRegularExpression, _ name: String) -> Bool {
            regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
        }
        switch regexes.count {
        case 0:
            // A transformer's identical consecutive blocks are one row each in the human formats.
            let human = output.format == .table || output.format == .markdown
            return human && !expand ? detail.groupingRepeatedBlocks() : detail.layers
        case 1:
            return detail.layers.filter { matches(regexes[0], $0.name) }
        default:
            guard let start = detail.layers.firstIndex(where: { matches(regexes[0], $0.name) }) else {
                printError("--layers '\(layerPatterns[0])' matches no layer of '\(detail.summary.name)'")
                throw ExitCode.noInput
            }
            guard let end = detail.layers.lastIndex(where: { matches(regexes[1], $0.name) }), end >= start else {
                printError("--layers '\(layerPatterns[1])' matches no layer at or after '\(detail.layers[start].name)'")
                throw ExitCode.noInput
            }
            return Array(detail.layers[start...end])
        }
    }
}

/// An architecture's layer table (possibly a selection) with its totals, in every format.
struct LayerView {
    var detail: ArchitectureDetail
    var layers: [LayerSummary]
    /// Memory figures, when `--dtype` or `--batch` asked for them.
    var memory: MemoryEstimate?
    /// Whether `--flops` asked for FLOPs (2 × MACs) beside MACs.
    var showsFLOPs = false
    /// The stored tensors and their totals, when the file had weights (JSON, `--tensors`).
    var weights: WeightsSummary?
    /// Whether `--tensors` asked for the tensor table.
    var listsTensors = false

    /// The width of the share bar.
    static let barWidth = 10

    func render(_ format: ListingFormat, headers: Bool, style: TextStyle) -> String {
        let listing = self.listing(for: format)
        switch format {
        case .json:
            let s = detail.summary
            let json = ShownArchitecture(
                architecture: ListedArchitecture(s), activeParams: s.activeParameters,
                layers: layers.map { Self.jsonLayer($0, flops: showsFLOPs) }, memory: memory.map(MemoryEstimateOutput.init),
                flops: showsFLOPs ? FLOPsField(flops: s.macs.flopsFromMACs) : nil, weights: WeightsOutput(weights))
            return jsonText(encoding: json) + "\n"
        case .jsonl, .csv:
            return listing.render(format, headers: headers)
        case .table:
            let s = detail.summary
            let depth = s.isWeightsOnly ? "weights only: no graph" : "depth \(s.depth)"
            var text = "Architecture: \"\(s.name)\"  (\(s.framework) convention, \(s.layerCount) layers, \(depth))\n"
            text += listing.render(.table, headers: headers, style: style)
            text += totalsLines.map { " \($0.label): \($0.value)\n" }.joined()
            text += footnotes.map { " \($0)\n" }.joined()
            if listsTensors, let weights {
                text += "\n" + weights.tensorListing.render(.table, headers: headers, style: style)
                if !detail.summary.isWeightsOnly { text += "\n" + weights.layerStorageListing.render(.table, headers: headers, style: style) }
            }
            return text
        case .markdown:
            let s = detail.summary
            var text = "## \(s.name)\n\n\(s.framework) convention, \(s.layerCount) layers, depth \(s.depth)\n\n"
            text += listing.render(.markdown, headers: headers)
            text += "\n" + totalsLines.map { markdownItem($0.label, $0.value) + "\n" }.joined()
            if !footnotes.isEmpty { text += "\n" + footnotes.map { "> \($0)\n" }.joined(separator: ">\n") }
            return text
        }
    }

    /// When a sequence length is unknown, MACs of the layers over it are per time step.
    var perStepNote: String {
        let layers = detail.perStepMACLayers
        return layers.isEmpty ? "" : " per time step of the unknown length (" + layers.joined(separator: ", ") + ")"
    }

    /// What the table's figures mean, below the totals: the units of the lines that copy Keras'
    /// and torchinfo's, activation memory where it is shown, and a share of a lower bound.
    var footnotes: [String] {
        var notes = [Footnote.kerasUnits]
        if let memory {
            if memory.activationBytes != nil { notes.append(Footnote.activationMemory) }
            if memory.totalBytes != nil { notes.append(Footnote.torchinfoUnits) }
        }
        if !detail.summary.isComplete { notes.append(Footnote.lowerBoundShare) }
        return notes
    }

    /// Keras' totals block, plus MACs and the layers left out.
    var totalsLines: [(label: String, value: String)] {
        let s = detail.summary
        let bound = s.isComplete ? "" : "≥ "
        var lines: [(String, String)] = [
            ("Total params", "\(bound)\(s.totalParameters.grouped) (\((s.totalParameters * 4).kerasMemorySize))"),
            ("Trainable params", "\(bound)\(s.trainableParameters.grouped) (\((s.trainableParameters * 4).kerasMemorySize))"),
            ("Non-trainable params", "\(bound)\(s.nonTrainableParameters.grouped) (\((s.nonTrainableParameters * 4).kerasMemorySize))"),
            ("Total MACs", s.isWeightsOnly ? "unknown (weights only: no graph to follow)"
                : "\(bound)\(s.macs.grouped) (\(s.macs.siScaled))" + perStepNote),
        ]
        if showsFLOPs {
            let flops = s.macs.flopsFromMACs
            lines.append(("Total " + flopsLabel, flops.map { "\(bound)\($0.grouped) (\($0.siScaled))" + perStepNote } ?? "too large for 64 bits"))
        }
        if s.hasInactiveExperts {
            lines.insert(("Active params per token", "\(bound)\(s.activeParameters.grouped) (routed experts a token does not use excluded)"), at: 3)
        }
        lines += weights?.totalsLines ?? []
        if let memory {
            let type = memory.elementType.rawValue
            lines.append(("Parameter memory (\(type))", memory.parameterBytes.iecSize))
            if let activations = memory.activationBytes {
                lines.append(("Activation memory (\(type), batch \(memory.batchSize))", activations.iecSize))
            }
            if let input = memory.inputBytes, let passes = memory.forwardBackwardBytes, let total = memory.totalBytes {
                // torchinfo's own lines, in its units (MB = 10⁶ bytes).
                lines.append(("torchinfo: Input size (MB)", decimalText(Double(input) / 1e6, digits: 2)))
                lines.append(("torchinfo: Forward/backward pass size (MB)", decimalText(Double(passes) / 1e6, digits: 2)))
                lines.append(("torchinfo: Params size (MB)", decimalText(Double(memory.parameterBytes) / 1e6, digits: 2)))
                lines.append(("torchinfo: Estimated Total Size (MB)", decimalText(Double(total) / 1e6, digits: 2)))
            }
        }
        if !s.assumedShapeLayers.isEmpty {
            lines.append(("Assumed", "output shape of " + s.assumedShapeLayers.joined(separator: ", ")
                + " assumed equal to the input shape (a Lambda without a recorded shape; give it with add --lambda-shape)"))
        }
        // An ONNX file's notes: exporter, BatchNormalization folded or its statistics present.
        if s.sourceFormat == "onnx", let notes = s.description, !notes.isEmpty {
            lines.append(("ONNX", notes))
        }
        if !s.isComplete {
            lines.append(("Incomplete", "not counted: " + s.uncountedLayers.joined(separator: ", ") + " (totals are lower bounds)"))
        }
        let shown = layers.reduce(0) { $0 + $1.representedLayerCount }
        if shown != detail.layers.count {
            lines.append(("Shown", "\(shown) of \(detail.layers.count) layers"))
        }
        return lines
    }

    /// `, shape assumed` for a Lambda whose output shape is assumed; `, declared` for a layer of
    /// a type the engine does not know whose counts the file declares.
    func mark(_ layer: LayerSummary) -> String {
        if detail.summary.assumedShapeLayers.contains(layer.name) { return ", shape assumed" }
        if layer.parameters != nil, !layer.isRepeatedBlocks, !LayerKind.isKnownType(layer.type), layer.type != "Functional",
           layer.type != "Sequential" { return ", declared" }
        return ""
    }

    /// The layer table; for `format`, only what that format prints is built.
    func listing(for format: ListingFormat? = nil) -> Listing {
        let branching = detail.isBranching
        var columns: [Listing.Column] = [.left("Layer (type)"), .left("Output Shape"), .right("Param #"), .right("MACs")]
        if showsFLOPs { columns.append(.right("FLOPs")) }
        // The share of an incomplete architecture's total is a share of a lower bound.
        columns += [.right(detail.summary.isComplete ? "Share" : "Share of ≥"), .bar("")]
        if branching { columns.append(.left("Connected to")) }
        var listing = Listing(columns: columns, csvHeader: LayerOutput.csvHeader(flops: showsFLOPs), for: format)
        let total = detail.summary.totalParameters
        for layer in layers {
            var share = ""
            var bar = ""
            if let parameters = layer.parameters, parameters > 0, total > 0 {
                share = percentText(parameters, of: total)
                bar = BarScale.bar(
                    fraction: Double(parameters) / Double(total), width: Self.barWidth, ascii: false, visibleIfPositive: true)
            }
            let flops = showsFLOPs ? layer.macs?.flopsFromMACs : nil
            var cells = [
                "\(layer.name) (\(layer.type)\(mark(layer)))", layer.outputShapeText, layer.parameters?.grouped ?? "unknown",
                layer.macs?.grouped ?? "unknown",
            ]
            if showsFLOPs { cells.append(flops?.grouped ?? "unknown") }
            cells += [share, bar]
            if branching { cells.append(layer.connectedTo) }
            listing.append(
                cells: cells,
                csv: LayerOutput(layer).csvFields(flops: showsFLOPs ? .some(flops) : nil),
                json: Self.jsonLayer(layer, flops: showsFLOPs))
        }
        return listing
    }

    /// One layer's JSON object, with `flops` (2 × MACs) for `--flops`.
    static func jsonLayer(_ layer: LayerSummary, flops: Bool) -> Extended<LayerOutput, FLOPsField> {
        Extended(base: LayerOutput(layer), extra: flops ? FLOPsField(flops: layer.macs?.flopsFromMACs) : nil)
    }
}

extension LayerSummary {
    var outputShapeText: String {
        if outputShapes.isEmpty { return "unknown" }
        let all = outputShapes.joined().map(\.description)
        return all.count == 1 ? all[0] : "[" + all.joined(separator: ", ") + "]"
    }

    /// Inbound tensors in Keras' "Connected to" form, `conv1[0][0]`.
    var connectedTo: String {
        let references = inbound.joined()
        return references.isEmpty ? "-" : references.map { "\($0.layer)[\($0.node)][\($0.tensor)]" }.joined(separator: ", ")
    }
}

extension ArchitectureDetail {
    /// True when some layer does not simply consume the previous one.
    var isBranching: Bool {
        var previous: String?
        for layer in layers {
            defer { previous = layer.name }
            // One call of one tensor of the previous layer, or nothing: the checks of the
            // flattened references, without building them.
            let references = layer.inbound.reduce(0) { $0 + $1.count }
            if references == 0 { continue }
            if references != 1 || layer.inbound.count > 1 || layer.inbound[0][0].layer != previous { return true }
        }
        return false
    }
}
