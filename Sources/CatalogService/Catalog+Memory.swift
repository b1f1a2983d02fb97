import CatalogCore
import CatalogStore

// MARK: - Memory: the figures of `catalog memory` and `catalog fit` (docs/MEMORY.md)

extension Catalog {
    /// The memory profile of the architecture named `name`: its parameters, activation figure,
    /// KV-cache layers and linear modules, from the engine's results under its own convention.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, or
    ///   ``ServiceError/inferenceFailed(file:_:)``.
    public func memoryProfile(named name: String) throws(ServiceError) -> MemoryProfile {
        let architecture = try architecture(named: name)
        let (results, totals) = try Self.count(architecture, framework: architecture.framework)
        var profile = MemoryProfile(architecture: architecture, results: results, totals: totals)
        // Weights as stored, tensor by tensor, when the catalog has the file's tensors.
        if let stored = try weights(named: name), let bytes = stored.weightBytes {
            profile.storedWeights = .init(
                bytes: bytes,
                elementsByDType: stored.paramsByDType.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        return profile
    }

    /// The memory `request` needs for the architecture named `name`, term by term.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, ``ServiceError/memory(architecture:_:)``.
    public func memory(
        named name: String, request: MemoryRequest
    ) throws(ServiceError) -> (profile: MemoryProfile, breakdown: MemoryBreakdown) {
        let profile = try memoryProfile(named: name)
        do throws(MemoryError) {
            return (profile, try Memory.breakdown(profile, request))
        } catch {
            throw .memory(architecture: name, error)
        }
    }

    /// ``memory(named:request:)`` at `context` (`nil`: ``Memory/defaultContext``, capped at the
    /// model's learned positions and said in the breakdown's notes), with the request used.
    /// - Throws: ``ServiceError/memory(architecture:_:)`` also when `context` exceeds the
    ///   model's learned positions (``Memory/context(for:given:)``).
    public func memory(
        named name: String, request: MemoryRequest, context: Int?
    ) throws(ServiceError) -> (profile: MemoryProfile, breakdown: MemoryBreakdown, request: MemoryRequest) {
        let profile = try memoryProfile(named: name)
        do throws(MemoryError) {
            var request = request
            let (resolved, note) = try Memory.context(for: profile, given: context)
            request.context = resolved
            var breakdown = try Memory.breakdown(profile, request)
            if let note {
                breakdown.notes.insert(note, at: 0)
                breakdown.contextNote = note
            }
            return (profile, breakdown, request)
        } catch {
            throw .memory(architecture: name, error)
        }
    }

    /// What fits in `budget` bytes: the largest context (for models with a KV cache or
    /// per-token activations) and batch at the request's context, and the highest-precision
    /// weight type at the request's context and batch.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, ``ServiceError/memory(architecture:_:)``.
    public func fit(named name: String, request: MemoryRequest, budget: Int) throws(ServiceError) -> MemoryFit {
        try fit(named: name, request: request, budget: budget, resolving: false, context: nil)
    }

    /// ``fit(named:request:budget:)`` at `context` as ``memory(named:request:context:)`` resolves
    /// it (`nil`: the default, capped at the model's learned positions and said in
    /// ``MemoryFit/contextNote``).
    /// - Throws: ``ServiceError/memory(architecture:_:)`` also when `context` exceeds the model's
    ///   learned positions.
    public func fit(
        named name: String, request: MemoryRequest, budget: Int, context: Int?
    ) throws(ServiceError) -> MemoryFit {
        try fit(named: name, request: request, budget: budget, resolving: true, context: context)
    }

    private func fit(
        named name: String, request: MemoryRequest, budget: Int, resolving: Bool, context: Int?
    ) throws(ServiceError) -> MemoryFit {
        let profile = try memoryProfile(named: name)
        do throws(MemoryError) {
            var request = request
            var contextNote: String?
            if resolving { (request.context, contextNote) = try Memory.context(for: profile, given: context) }
            let scalesWithContext = profile.scalesWithContext
            let largestContext = scalesWithContext ? try Memory.largestContext(profile, request, budget: budget) : nil
            var fit = MemoryFit(
                largestContext: largestContext,
                contextMatters: scalesWithContext,
                largestBatch: try Memory.largestBatch(profile, request, budget: budget),
                highestPrecision: try Memory.highestPrecisionType(profile, request, budget: budget),
                atRequest: try Memory.breakdown(profile, request), context: request.context, contextNote: contextNote)
            // A RoPE model whose largest context passes its trained context: said, not capped.
            fit.largestContextNote = largestContext.flatMap { profile.ropeContext?.note(context: $0) }
            return fit
        } catch {
            throw .memory(architecture: name, error)
        }
    }
}

/// The answers of `catalog fit`.
public struct MemoryFit: Sendable {
    /// The largest context that fits at the request's batch, `nil` when the model has no
    /// context (`contextMatters` false) or not even one token fits.
    public var largestContext: Int?
    /// Whether memory grows with the context (a KV cache or per-token activations).
    public var contextMatters: Bool
    /// The largest batch at the request's context, `nil` when batch 1 does not fit.
    public var largestBatch: Int?
    /// The highest-precision weight type that fits, with its total.
    public var highestPrecision: (type: StorageType, totalBytes: Int)?
    /// The breakdown at the request itself.
    public var atRequest: MemoryBreakdown
    /// The context the request was answered at.
    public var context: Int = Memory.defaultContext
    /// Why the context is not the one asked (the default capped at the learned positions), or
    /// that it passes a RoPE model's `max_position_embeddings`; `nil` otherwise.
    public var contextNote: String?
    /// That ``largestContext`` passes a RoPE model's `max_position_embeddings`
    /// (``RoPEContext/note(context:)``), or `nil`.
    public var largestContextNote: String? = nil
}

extension MemoryFiguresRecord {
    /// The store's row for Core's figures.
    init(_ figures: MemoryFigures) {
        self.init(
            storedWeightBytes: figures.storedWeightBytes, declaredBytesPerParam: figures.declaredBytesPerParam,
            kvValuesPerToken: figures.kvValuesPerToken, kvWindowValuesPerToken: figures.kvWindowValuesPerToken,
            kvWindow: figures.kvWindow, kvFixedValues: figures.kvFixedValues, kvRowGCD: figures.kvRowGCD,
            kvDefaultBytes: figures.kvDefaultBytes, activationValuesPerToken: figures.activationValuesPerToken,
            activationValuesPerSample: figures.activationValuesPerSample,
            kvWindows: figures.kvWindows.isEmpty
                ? nil : "[" + figures.kvWindows.map { "[\($0.window),\($0.valuesPerToken)]" }.joined(separator: ",") + "]",
            learnedPositions: figures.learnedPositions)
        if !figures.mixWeightBytes.isEmpty {
            mixWeightBytes = JSONText.encode(figures.mixWeightBytes)
        }
    }
}

/// A row of `list --fits`: the architecture and its inference memory terms, in bytes.
public struct FittingArchitecture: Sendable {
    public var summary: ArchitectureSummary
    /// Weight bytes.
    public var weightsBytes: Int
    /// KV cache bytes.
    public var kvCacheBytes: Int
    /// Activation bytes (an estimate), `nil` when unknown (then not in the total).
    public var activationBytes: Int?
    /// The total.
    public var totalBytes: Int
    /// Budget − total.
    public var roomLeftBytes: Int
}

/// An architecture that `list --fits` and `rank --by memory` leave out whatever the budget
/// (``Catalog/leftOutOfFitting(_:request:)``).
public struct LeftOutArchitecture: Sendable, Equatable {
    public var name: String
    /// Its learned positions, when fewer than the request's context.
    public var learnedPositions: Int?
    /// The values per KV row (their common divisor) when they are not whole blocks of the KV type.
    public var kvRowValues: Int?
}

extension Catalog {
    /// The architectures matching `query`'s filter whose inference total at `request`'s context,
    /// batch, weight and KV types fits in `budget` bytes, most room left first (`query.descending`:
    /// least room first): one SQL query over the stored memory figures (migration 0009).
    /// - Throws: ``ServiceError/store(_:)``.
    public func listFitting(
        _ query: ListQuery, budget: Int, request: MemoryRequest
    ) throws(ServiceError) -> [FittingArchitecture] {
        let budgetQuery = Self.budgetQuery(budget: budget, request: request)
        let rows: [MemoryFitRow]
        do {
            rows = try database.architecturesFitting(
                budgetQuery, matching: query.filter, descending: query.descending, limit: query.limit)
        } catch {
            throw .store(error)
        }
        var cache = JSONText.Cache()
        var out: [FittingArchitecture] = []
        out.reserveCapacity(rows.count)
        for row in rows { out.append(try Self.fitting(row, budget: budget, cache: &cache)) }
        return out
    }

    /// The architectures matching `query`'s filter that ``listFitting(_:budget:request:)`` leaves
    /// out whatever the budget, because they cannot run at `request`: fewer learned positions
    /// than its context, or KV rows that are not whole blocks of its KV type. By name.
    /// - Throws: ``ServiceError/store(_:)``.
    public func leftOutOfFitting(_ query: ListQuery, request: MemoryRequest) throws(ServiceError) -> [LeftOutArchitecture] {
        do {
            return try database.architecturesLeftOut(Self.budgetQuery(budget: .max, request: request), matching: query.filter)
                .map { LeftOutArchitecture(name: $0.name, learnedPositions: $0.learnedPositions, kvRowValues: $0.kvRowValues) }
        } catch {
            throw .store(error)
        }
    }

    /// ``listFitting(_:budget:request:)`` one architecture at a time, as the database produces
    /// them (memory stays flat: `list --fits --format csv` at 100,000 architectures).
    /// - Throws: ``ServiceError/corruptRow(name:detail:)``, ``ServiceError/store(_:)``.
    public func forEachFitting(
        _ query: ListQuery, budget: Int, request: MemoryRequest, _ body: (FittingArchitecture) -> Void
    ) throws(ServiceError) {
        var failure: ServiceError?
        var cache = JSONText.Cache()
        do {
            try database.forEachArchitectureFitting(
                Self.budgetQuery(budget: budget, request: request), matching: query.filter,
                descending: query.descending, limit: query.limit
            ) { row in
                do throws(ServiceError) {
                    body(try Self.fitting(row, budget: budget, cache: &cache))
                } catch {
                    failure = error
                    throw error
                }
            }
        } catch {
            throw failure ?? .store(error)
        }
    }

    static func fitting(_ row: MemoryFitRow, budget: Int, cache: inout JSONText.Cache) throws(ServiceError) -> FittingArchitecture {
        FittingArchitecture(
            summary: try RecordDecoding.summary(of: row.architecture, cache: &cache), weightsBytes: row.weightsBytes,
            kvCacheBytes: row.kvCacheBytes, activationBytes: row.activationBytes, totalBytes: row.totalBytes,
            roomLeftBytes: budget - row.totalBytes)
    }

    /// The store's query for `request` at `budget` (the types' blocks as Memory.breakdown resolves them).
    static func budgetQuery(budget: Int, request: MemoryRequest) -> MemoryBudgetQuery {
        let weightBlock = request.weightType.map { ($0.layout.blockElements, $0.layout.blockBytes) }
        let activationBytes = request.weightType.map { Memory.canonical($0.name) == "f32" ? 4 : 2 } ?? 2
        var kvBlock = request.kvType.map { ($0.layout.blockElements, $0.layout.blockBytes) }
        if kvBlock == nil, let weightType = request.weightType {
            // As Memory.resolvedKVType: the weights' float type, else f16.
            let name = Memory.canonical(weightType.name)
            kvBlock = (1, name == "f32" ? 4 : 2)
        }
        var query = MemoryBudgetQuery(
            budget: budget, context: request.context, batch: request.batch, weightBlock: weightBlock,
            activationBytes: activationBytes, kvBlock: kvBlock)
        // A llama.cpp mix is priced per tensor where the row has its bytes (as Memory.breakdown).
        if let name = request.weightType?.name, LlamaCppMix.baseTypes[name] != nil { query.mix = name }
        return query
    }
}
