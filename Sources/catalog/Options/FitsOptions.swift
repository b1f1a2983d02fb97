import ArgumentParser
import CatalogCore

/// `list --fits 24GiB` and the inference options it is computed at.
struct FitsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Only architectures whose inference memory fits in this budget (24GiB, 24G = GiB, 8000MB), sorted by room left.",
        valueName: "bytes"))
    var fits: BudgetArgument?

    @Option(help: ArgumentHelp("With --fits (rank: --by memory): tokens per sequence. Models with learned position embeddings fewer than N (BERT: 512, GPT-2: 1024, Whisper's decoder: 448) are left out and named in a note on stderr.", valueName: "N"))
    var context: Int = 4096

    @Option(help: ArgumentHelp("With --fits (rank: --by memory): sequences (or samples) at once.", valueName: "N"))
    var batch: Int = 1

    @Option(
        name: [.customLong("dtype"), .customLong("quant")],
        help: ArgumentHelp("With --fits (rank: --by memory): weight type (f32, bf16, fp8, int8, int4, q8_0, q4_k_m, q4_0, …). Default: as stored, else declared, else f32.", valueName: "type"))
    var dtype: StorageType?

    @Option(name: .customLong("kv-dtype"), help: ArgumentHelp("With --fits (rank: --by memory): KV cache type (f16, bf16, fp8, q8_0, q4_0, …).", valueName: "type"), transform: kvCacheType)
    var kvDType: StorageType?

    func validate() throws {
        try validateRequestSize(context: context, batch: batch)
    }

    /// The inference request these options describe.
    var request: MemoryRequest { MemoryRequest(context: context, batch: batch, weightType: dtype, kvType: kvDType) }
}
