// Training terms: gradients, optimizer states, LoRA adapters and activations (docs/MEMORY.md).

extension Memory {
    /// Training activations (an estimate). Transformers: Korthikanti et al. 2022, "Reducing
    /// Activation Recomputation in Large Transformer Models", eq. (2) without tensor or sequence
    /// parallelism: `s·b·h·(34 + 5·a·s/h)` bytes per layer (16-bit activations, 1-byte dropout
    /// masks, attention scores materialised); with full activation recomputation (§4.1) each
    /// layer keeps only its 16-bit input, `2·s·b·h`, and one layer's full activations are live
    /// during its recomputation. Other models: every layer output (the inference figure), kept
    /// for the backward pass; checkpointing is not modelled for them.
    static func trainingActivations(
        _ profile: MemoryProfile, _ request: MemoryRequest, terms: inout [MemoryTerm], notes: inout [String]
    ) throws(MemoryError) -> Int? {
        let s = request.context, b = request.batch
        if let first = profile.transformer {
            // Each group of layers with its own width, heads and length (a tower of fixed
            // length: image patches, Whisper's encoder frames); one group for most models.
            var inputs = 0, full = 0, largestLayer = 0
            var parts: [String] = []
            for shape in [first] + profile.towers {
                let h = shape.hiddenSize, a = shape.attentionHeads, layers = shape.layers
                let s = shape.fixedLength ?? s
                // s·b·h·34 + 5·a·s²·b, exact integers (5·a·s/h · s·b·h = 5·a·s²·b).
                let perLayer = try checkedSum(
                    "activations", checkedProduct("activations", s, b, h, 34), checkedProduct("activations", 5, a, s, s, b))
                full = try checkedSum("activations", full, checkedProduct("activations", perLayer, layers))
                inputs = try checkedSum("activations", inputs, checkedProduct("activations", 2, s, b, h, layers))
                largestLayer = max(largestLayer, perLayer)
                let length = shape.fixedLength == nil ? "s \(grouped(s))" : "s \(grouped(s)) (fixed)"
                parts.append("\(layers) layers · \(length) · b \(b) · h \(grouped(h))" + (request.checkpointing ? "" : " · (34 + 5 · a \(a) · s/h)"))
            }
            let bytes: Int
            let formula: String
            if request.checkpointing {
                bytes = try checkedSum("activations", inputs, largestLayer)
                if profile.towers.isEmpty {
                    let (h, a, layers) = (first.hiddenSize, first.attentionHeads, first.layers)
                    let s = first.fixedLength ?? s
                    formula = "estimate, Korthikanti et al. 2022 with full recomputation: 2 · s \(grouped(s)) · b \(b) · h \(grouped(h)) · \(layers) layers + one layer's s·b·h·(34 + 5·a \(a)·s/h)"
                } else {
                    formula = "estimate, Korthikanti et al. 2022 with full recomputation: 2 · (" + parts.joined(separator: " + ") + ") + the largest layer's s·b·h·(34 + 5·a·s/h)"
                }
            } else {
                bytes = full
                formula = "estimate, Korthikanti et al. 2022: " + parts.joined(separator: " + ")
            }
            terms.append(MemoryTerm(name: "activations", formula: formula, bytes: bytes, isEstimate: true))
            return bytes
        }
        if request.checkpointing { notes.append("--checkpointing is modelled for transformer layers only; activations as without it") }
        let weightType = try resolvedWeightType(profile, request)
        return try inferenceActivations(profile, request, weightType: weightType, terms: &terms)
    }

    /// Bytes per parameter of full training, by optimizer and precision (ZeRO §3.1 for AdamW;
    /// SGD with one momentum buffer; Adafactor, Shazeer & Stern 2018, keeps a factored second
    /// moment of rows + columns per matrix and no first moment, counted separately).
    /// - Returns: (weights, gradients, optimizer bytes per parameter excluding Adafactor's
    ///   factored state, the convention's description).
    static func fullTrainingBytes(
        _ optimizer: MemoryRequest.Optimizer, mixed: Bool
    ) -> (weights: Int, gradients: Int, optimizer: Int, convention: String) {
        switch (optimizer, mixed) {
        case (.adamw, true):
            (2, 2, 12, "mixed-precision AdamW (ZeRO §3.1): 2 B bf16 weights + 2 B gradients + 12 B fp32 master, momentum, variance = 16 B/param")
        case (.adamw, false):
            (4, 4, 8, "fp32 AdamW: 4 B weights + 4 B gradients + 8 B momentum and variance = 16 B/param")
        case (.sgd, true):
            (2, 2, 8, "mixed-precision SGD with momentum: 2 B weights + 2 B gradients + 8 B fp32 master and momentum = 12 B/param")
        case (.sgd, false):
            (4, 4, 4, "fp32 SGD with momentum: 4 B weights + 4 B gradients + 4 B momentum = 12 B/param")
        case (.adafactor, true):
            (2, 2, 4, "mixed-precision Adafactor: 2 B weights + 2 B gradients + 4 B fp32 master + factored second moment (4 B · (rows + cols) per matrix)")
        case (.adafactor, false):
            (4, 4, 0, "fp32 Adafactor: 4 B weights + 4 B gradients + factored second moment (4 B · (rows + cols) per matrix)")
        }
    }

    static func trainingTerms(
        _ profile: MemoryProfile, _ request: MemoryRequest, training: MemoryRequest.Training,
        weightType: StorageType, terms: inout [MemoryTerm], notes: inout [String]
    ) throws(MemoryError) {
        switch training {
        case .full:
            let mixed = canonical(weightType.name) != "f32"
            guard ["f32", "f16", "bf16"].contains(canonical(weightType.name)) || request.weightType == nil else {
                throw .invalid("full training needs f32, bf16 or f16 weights, not \(weightType.name) (use --training qlora)")
            }
            let convention = fullTrainingBytes(request.optimizer, mixed: mixed)
            let p = profile.parameters
            // Weights are already a term (stored or requested); with mixed precision the stored
            // 16-bit weights are the 2 B copy.
            terms.append(MemoryTerm(
                name: "gradients", formula: "\(grouped(p)) params · \(convention.gradients) B", bytes: try checkedProduct("gradients", p, convention.gradients)))
            var optimizerBytes = try checkedProduct("optimizer states", p, convention.optimizer)
            var formula = "\(grouped(p)) params · \(convention.optimizer) B"
            if request.optimizer == .adafactor {
                let factored = try factoredValues(profile)
                optimizerBytes = try checkedSum("optimizer states", optimizerBytes, checkedProduct("optimizer states", factored.values, 4))
                formula += " + 4 B · \(grouped(factored.values)) factored second-moment values"
                if factored.isEstimate { notes.append("Adafactor: weight matrices unknown, the second moment is counted unfactored (4 B/param, an upper bound)") }
            }
            terms.append(MemoryTerm(name: "optimizer_states", formula: formula, bytes: optimizerBytes))
            notes.append(convention.convention)
        case .lora, .qlora:
            guard request.loraRank >= 1 else { throw .invalid("--lora-rank must be at least 1, got \(request.loraRank)") }
            let targets = request.loraTargets
            let modules = profile.linearModules.filter { module in
                guard let targets else { return true }
                let last = module.name.split(separator: ".").last.map(String.init) ?? module.name
                return targets.contains(last) || targets.contains(module.name)
            }
            guard !modules.isEmpty else {
                let known = Set(profile.linearModules.map { $0.name.split(separator: ".").last.map(String.init) ?? $0.name }).sorted()
                throw .missing(
                    profile.linearModules.isEmpty
                        ? "no linear modules known for LoRA in this architecture"
                        : "--lora-targets \((targets ?? []).joined(separator: ",")) match no linear module (known: \(known.prefix(12).joined(separator: ", ")))")
            }
            let r = request.loraRank
            var adapter = 0
            for module in modules {
                adapter = try checkedSum("LoRA adapters", adapter, checkedProduct("LoRA adapters", r, module.inFeatures + module.outFeatures))
            }
            let optimizerPerParam: Int = switch request.optimizer {
            case .adamw: 8
            case .sgd: 4
            case .adafactor: 4
            }
            let perParam = 4 + 4 + optimizerPerParam
            terms.append(MemoryTerm(
                name: "lora_adapters",
                formula: "r \(r) · Σ(in + out) over \(modules.count) modules = \(grouped(adapter)) params · \(perParam) B (fp32 weights 4 + gradients 4 + \(request.optimizer.rawValue) \(optimizerPerParam))",
                bytes: try checkedProduct("LoRA adapters", adapter, perParam)))
            notes.append("LoRA: base frozen (no gradients or optimizer states); adapters A (r × in) and B (out × r) in fp32, as PEFT's autocast_adapter_dtype")
            if request.optimizer == .adafactor { notes.append("Adafactor on adapters counted unfactored (4 B/param, an upper bound)") }
        }
    }

    /// Adafactor's factored second-moment values: rows + columns for each linear module's
    /// matrix, one value per parameter for everything else (vectors are not factored).
    static func factoredValues(_ profile: MemoryProfile) throws(MemoryError) -> (values: Int, isEstimate: Bool) {
        guard !profile.linearModules.isEmpty else { return (profile.parameters, true) }
        var values = 0
        var inMatrices = 0
        for module in profile.linearModules {
            values = try checkedSum("optimizer states", values, module.inFeatures, module.outFeatures)
            inMatrices = try checkedSum("optimizer states", inMatrices, checkedProduct("optimizer states", module.inFeatures, module.outFeatures))
        }
        return (try checkedSum("optimizer states", values, max(0, profile.parameters - inMatrices)), false)
    }
}
