import CatalogCore

// MARK: - Memory: the figures of `catalog memory` and `catalog fit` (docs/MEMORY.md)

extension Catalog {
    /// The memory profile of the architecture named `name`: its parameters, activation figure,
    /// KV-cache layers and linear modules, from the engine's results under its own convention.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, or
    ///   ``ServiceError/inferenceFailed(file:_:)``.
    public func memoryProfile(named name: String) throws(ServiceError) -> MemoryProfile {
        let architecture = try architecture(named: name)
        let (results, totals) = try Self.count(architecture, framework: architecture.framework)
        return MemoryProfile(architecture: architecture, results: results, totals: totals)
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

    /// What fits in `budget` bytes: the largest context (for models with a KV cache or
    /// per-token activations) and batch at the request's context, and the highest-precision
    /// weight type at the request's context and batch.
    /// - Throws: ``ServiceError/notFound(name:suggestions:)``, ``ServiceError/memory(architecture:_:)``.
    public func fit(named name: String, request: MemoryRequest, budget: Int) throws(ServiceError) -> MemoryFit {
        let profile = try memoryProfile(named: name)
        do throws(MemoryError) {
            let scalesWithContext = profile.scalesWithContext
            return MemoryFit(
                largestContext: scalesWithContext ? try Memory.largestContext(profile, request, budget: budget) : nil,
                contextMatters: scalesWithContext,
                largestBatch: try Memory.largestBatch(profile, request, budget: budget),
                highestPrecision: try Memory.highestPrecisionType(profile, request, budget: budget),
                atRequest: try Memory.breakdown(profile, request))
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
}
