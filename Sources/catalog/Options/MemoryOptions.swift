import ArgumentParser
import CatalogCore

/// The options of `memory`, `fit` and `list --fits`: context, batch, weight and KV types,
/// training mode. Types are parsed once into ``StorageType``s (docs/MEMORY.md lists them).
struct MemoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Tokens per sequence (prompt + generated). Default: 4096, or the model's learned positions if fewer (GPT-2: 1024); beyond them is an error.",
        valueName: "N"))
    var context: Int?

    @Option(help: ArgumentHelp("Sequences (or samples) at once.", valueName: "N"))
    var batch: Int = 1

    @Option(
        name: [.customLong("dtype"), .customLong("quant")],
        help: ArgumentHelp(
            "Weight type: f32, bf16, f16, fp8, int8, int4 (GPTQ/AWQ group 128), nf4, or a GGUF type (q8_0, q6_k, q5_k_m, q4_k_m, q4_0, …). Default: as stored, else the declared dtype, else f32.",
            valueName: "type"))
    var dtype: StorageType?

    @Option(
        name: .customLong("kv-dtype"),
        help: ArgumentHelp("KV cache type: f16, bf16, f32, fp8, q8_0, q5_0, q5_1, q4_0, q4_1 or iq4_nl (llama.cpp's cache types, and vLLM's fp8). Default: the weights' float type, else f16.", valueName: "type"),
        transform: kvCacheType)
    var kvDType: StorageType?

    @Option(help: ArgumentHelp("Training memory instead of inference: full, lora or qlora.", valueName: "mode"))
    var training: MemoryRequest.Training?

    @Option(help: ArgumentHelp("Optimizer for --training: adamw, sgd (with momentum) or adafactor.", valueName: "name"))
    var optimizer: MemoryRequest.Optimizer = .adamw

    @Option(name: .customLong("lora-rank"), help: ArgumentHelp("LoRA rank r.", valueName: "r"))
    var loraRank: Int = 16

    @Option(
        name: .customLong("lora-targets"),
        help: ArgumentHelp("LoRA target modules, comma-separated (q_proj,v_proj). Default: every linear module.", valueName: "names"))
    var loraTargets: String?

    @Flag(help: "Activation checkpointing (full recomputation) for --training.")
    var checkpointing = false

    func validate() throws {
        try validateRequestSize(context: context, batch: batch)
        if loraRank < 1 { throw ValidationError("--lora-rank must be at least 1, got \(loraRank)") }
        if training == nil, checkpointing { throw ValidationError("--checkpointing needs --training") }
    }

    /// The request these options describe.
    var request: MemoryRequest {
        MemoryRequest(
            context: context ?? Memory.defaultContext, batch: batch, weightType: dtype, kvType: kvDType, training: training,
            optimizer: optimizer, loraRank: loraRank,
            loraTargets: loraTargets.map { $0.split(separator: ",").map { String($0).trimmingSpaces } },
            checkpointing: checkpointing)
    }
}

/// The check `memory`, `fit` and `list --fits` share: a context and a batch of at least 1.
func validateRequestSize(context: Int?, batch: Int) throws {
    if let context, context < 1 { throw ValidationError("--context must be at least 1, got \(context)") }
    if batch < 1 { throw ValidationError("--batch must be at least 1, got \(batch)") }
}

/// A `--kv-dtype` value: a type a KV cache can be held in (``StorageType/kvCache(named:)``).
/// - Throws: `ValidationError` naming the KV cache types, for a weight-only type too (`q4_k_m`).
func kvCacheType(_ argument: String) throws -> StorageType {
    guard let type = try? StorageType.kvCache(named: argument) else {
        throw ValidationError(
            "not a KV cache type; K and V are cached in \(StorageType.kvNames.joined(separator: ", ")) (llama.cpp's --cache-type-k/-v, vLLM's fp8), never in a weight-only format such as int4, nf4 or q4_k_m")
    }
    return type
}

extension StorageType: ExpressibleByArgument {
    public init?(argument: String) {
        guard let type = try? StorageType.named(argument) else { return nil }
        self = type
    }
    /// Listed by the error for an unknown name.
    public static var allValueStrings: [String] { StorageType.weightNames + ["fp16", "q5_k_s", "q4_k_s", "q3_k_s", "q5_1", "q4_1", "iq4_nl", "q8_k"] }
}

extension MemoryRequest.Training: ExpressibleByArgument {}
extension MemoryRequest.Optimizer: ExpressibleByArgument {}

/// A `--budget` / `--fits` value: `24GiB`, `24G` (= GiB), `8000MB`.
struct BudgetArgument: ExpressibleByArgument {
    var count: ByteCount
    init?(argument: String) {
        guard let count = ByteCount(parsing: argument), count.bytes > 0 else { return nil }
        self.count = count
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
