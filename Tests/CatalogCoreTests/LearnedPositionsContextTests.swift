import CatalogCore
import Testing

/// ``Memory/context(for:given:)``: a model with learned positions (GPT-2's 1,024 `wpe` rows)
/// cannot run past them; the default 4,096 is capped at them.
@Suite("Memory.context")
struct MemoryContextTests {
    @Test func learnedPositionsBoundTheContext() throws {
        let gpt2 = MemoryProfile(parameters: 124_439_808, maxContext: 1024)
        // The default 4,096 exceeds GPT-2's 1,024 positions: capped, and said.
        let capped = try Memory.context(for: gpt2, given: nil)
        #expect(capped.context == 1024)
        #expect(capped.note?.contains("1024") == true)
        #expect(try Memory.context(for: gpt2, given: 1024).context == 1024)
        #expect(try Memory.context(for: gpt2, given: 1024).note == nil)
        #expect(throws: MemoryError.self) { try Memory.context(for: gpt2, given: 1025) }
        do {
            _ = try Memory.context(for: gpt2, given: 4096)
            Issue.record("4,096 tokens past 1,024 positions was accepted")
        } catch {
            #expect(error.description.contains("1024 learned positions"))
        }
        // More positions than the default (BERT-large style 8,192): the default stays 4,096.
        let long = MemoryProfile(parameters: 1, maxContext: 8192)
        #expect(try Memory.context(for: long, given: nil).context == 4096)
        #expect(try Memory.context(for: long, given: nil).note == nil)
        // No learned positions (RoPE): any context, default 4,096.
        let rope = MemoryProfile(parameters: 1)
        #expect(try Memory.context(for: rope, given: nil).context == 4096)
        #expect(try Memory.context(for: rope, given: 1 << 20).context == 1 << 20)
    }

    @Test func figuresCarryTheLearnedPositions() {
        #expect(MemoryProfile(parameters: 1, maxContext: 448).figures.learnedPositions == 448)
        #expect(MemoryProfile(parameters: 1).figures.learnedPositions == nil)
    }
}
