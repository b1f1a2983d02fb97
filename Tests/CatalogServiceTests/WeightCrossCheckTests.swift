import CatalogCore
@testable import CatalogImport
@testable import CatalogService
import Testing

@Suite("Counted parameters against stored tensors")
struct WeightCrossCheckTests {
    static func imported(_ tensors: [Tensor]) -> ImportedArchitecture {
        var imported = ImportedArchitecture(
            architecture: Architecture(name: "m", layers: []), sourceFormat: "safetensors", sourceVersion: nil, warnings: [])
        imported.tensors = tensors
        return imported
    }

    // An embedding 100×32 = 3,200 and a head of the same shape.
    static let embedding = Tensor(name: "embed.weight", dtype: "F32", shape: [100, 32], elements: 3_200, bytes: 12_800)
    static let head = Tensor(name: "lm_head.weight", dtype: "F32", shape: [100, 32], elements: 3_200, bytes: 12_800)

    @Test func agreeingCountsSayNothing() {
        #expect(WeightColumns.crossCheck(counted: 6_400, imported: Self.imported([Self.embedding, Self.head])) == nil)
    }

    @Test func aHeadStoredAlthoughTied() {
        // Counted tied: 3,200; stored: 3,200 + 3,200 = 6,400.
        let warning = WeightColumns.crossCheck(counted: 3_200, imported: Self.imported([Self.embedding, Self.head]))
        #expect(warning?.contains("difference of 3200") == true)
        #expect(warning?.contains("'lm_head.weight' is stored although the head is counted tied") == true)
    }

    @Test func aHeadCountedButNotStored() {
        // Counted untied: 6,400; stored: the embedding alone, 3,200.
        let warning = WeightColumns.crossCheck(counted: 6_400, imported: Self.imported([Self.embedding]))
        #expect(warning?.contains("counted but not stored") == true)
    }

    @Test func tensorsNoLayerHolds() {
        // Counted: the embedding and head, 6,400; stored also a rotary inv_freq of 64 / 2 = 32
        // elements that no layer owns (its tensor links to none): 6,432, a difference of 32.
        var inverse = Tensor(name: "model.rotary_emb.inv_freq", dtype: "F32", shape: [32], elements: 32, bytes: 128)
        inverse.layer = nil
        var embedding = Self.embedding, head = Self.head
        embedding.layer = "embed"
        head.layer = "lm_head"
        let warning = WeightColumns.crossCheck(counted: 6_400, imported: Self.imported([embedding, head, inverse]))
        #expect(warning?.contains("difference of 32") == true)
        #expect(warning?.contains("no layer of the architecture holds: 'model.rotary_emb.inv_freq'") == true, "\(String(describing: warning))")
    }

    @Test func buffersStoredBesideParameters() {
        // BatchNorm(8): weight and bias 16 counted; running_mean and running_var 16 more stored.
        let tensors = [
            Tensor(name: "bn.weight", dtype: "F32", shape: [8], elements: 8, bytes: 32),
            Tensor(name: "bn.bias", dtype: "F32", shape: [8], elements: 8, bytes: 32),
            Tensor(name: "bn.running_mean", dtype: "F32", shape: [8], elements: 8, bytes: 32, isBuffer: true),
            Tensor(name: "bn.running_var", dtype: "F32", shape: [8], elements: 8, bytes: 32, isBuffer: true),
        ]
        let warning = WeightColumns.crossCheck(counted: 16, imported: Self.imported(tensors))
        #expect(warning?.contains("16 elements of buffers") == true)
    }
}
