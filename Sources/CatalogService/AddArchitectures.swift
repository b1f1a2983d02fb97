import CatalogCore
import CatalogImport
import CatalogStore

/// One imported architecture to add (see ``Catalog/add(_:)``).
public struct AddRequest: Sendable {
    /// What the importer read.
    public var imported: ImportedArchitecture
    /// The file's name, for error messages.
    public var file: String
    /// Overrides the file's name.
    public var name: String?
    /// Added to the file's tags.
    public var tags: [String]
    /// Replace an existing architecture of the same name instead of failing.
    public var replace: Bool

    public init(
        _ imported: ImportedArchitecture, file: String, name: String? = nil, tags: [String] = [],
        replace: Bool = false
    ) {
        self.imported = imported
        self.file = file
        self.name = name
        self.tags = tags
        self.replace = replace
    }
}

/// Architectures computed for ``Catalog/save(_:)``, not yet written: each request's records,
/// or its error. Built by ``Catalog/prepare(_:texts:)`` on any thread.
struct PreparedAdd: Sendable {
    fileprivate var requests: [AddRequest]
    fileprivate var computed: [Computed]

    fileprivate enum Computed: Sendable {
        /// The rows, and what `add` reports once they are saved (made here, off the writing
        /// thread; `replaced` is set when saved).
        case records(ArchitectureRecord, [LayerRecord], report: AddOutcome)
        case failed(ServiceError)
    }
}

/// The outcome of adding one architecture: its result or its error.
///
/// Not a `Result`: a generic type with an `Error` argument is instantiated at run time by its
/// mangled name (to destroy a value of it, to make an array of it), which looks the error's
/// conformance up in every conformance record of the binary (BENCHMARKS.md).
public enum AddOutcome: Sendable {
    /// Added (or replaced): what `add` reports.
    case added(AddResult)
    /// Not added: why. Nothing of it is in the catalog.
    case failed(ServiceError)

    /// The outcome as a `Result`.
    public var result: Result<AddResult, ServiceError> {
        switch self {
        case .added(let added): .success(added)
        case .failed(let error): .failure(error)
        }
    }
}

extension Catalog {
    /// Adds several imported architectures. Each is computed and saved atomically on its own:
    /// one that fails (an impossible shape, a duplicate name without `replace`) leaves nothing
    /// behind and the others are still added. They are committed together in one transaction,
    /// so adding many files pays one commit and one journal sync, not one per file.
    /// - Returns: Per request, in order, its result or its error.
    /// - Throws: ``ServiceError/store(_:)`` when the transaction itself fails (the write lock
    ///   cannot be taken, the commit fails); nothing is added then.
    public func add(_ requests: [AddRequest]) throws(ServiceError) -> [Result<AddResult, ServiceError>] {
        try save(Self.prepare(requests))
    }

    /// The first half of ``add(_:)``: runs the engine on every request and builds its rows,
    /// without touching the catalog, so it may run on other threads while ``save(_:)`` writes
    /// earlier requests. The requests are computed on all cores, each on one thread.
    static func prepare(_ requests: [AddRequest]) -> PreparedAdd {
        let computed = Concurrently.map(requests.count) { index -> PreparedAdd.Computed in
            let request = requests[index]
            var architecture = request.imported.architecture
            if let name = request.name { architecture.name = name }
            for tag in request.tags where !architecture.tags.contains(tag) { architecture.tags.append(tag) }
            if let problem = TextValidation.check(architecture, file: request.file) {
                return .failed(.importFailed(problem))
            }
            do throws(ServiceError) {
                var (record, layers) = WeightColumns.isWeightsOnly(request.imported)
                    ? WeightColumns.weightsOnlyRecords(for: architecture, imported: request.imported)
                    : try ComputeColumns.records(
                        for: architecture, file: request.file, sourceFormat: request.imported.sourceFormat,
                        sourceVersion: request.imported.sourceVersion)
                record.weights = WeightColumns.storedWeights(of: request.imported)
                if let stored = record.weights?.weightBytes {
                    ComputeColumns.setDefaultWeights(&record, profile: nil, storedBytes: stored)
                } else if WeightColumns.isWeightsOnly(request.imported) {
                    ComputeColumns.setDefaultWeights(&record, profile: nil, storedBytes: nil)
                }
                var warnings = request.imported.warnings
                if record.weights != nil, !WeightColumns.isWeightsOnly(request.imported), let counted = record.totalParams,
                   let difference = WeightColumns.crossCheck(counted: counted, imported: request.imported) {
                    warnings.append(difference)
                }
                let report: AddOutcome
                do throws(ServiceError) {
                    report = .added(try Self.result(of: record, architecture: architecture, replaced: false, warnings: warnings))
                } catch {
                    report = .failed(error)
                }
                return .records(record, layers, report: report)
            } catch {
                return .failed(error)
            }
        }
        return PreparedAdd(requests: requests, computed: computed)
    }

    /// The second half of ``add(_:)``: saves what ``prepare(_:texts:)`` computed, in one
    /// transaction, each architecture in its own savepoint.
    /// - Returns: Per request, in order, its result or its error.
    /// - Throws: ``ServiceError/store(_:)`` when the transaction itself fails; nothing is added then.
    func save(_ prepared: PreparedAdd) throws(ServiceError) -> [Result<AddResult, ServiceError>] {
        try saveOutcomes(prepared).map(\.result)
    }

    /// ``save(_:)``, each request's outcome as an ``AddOutcome``.
    func saveOutcomes(_ prepared: PreparedAdd) throws(ServiceError) -> [AddOutcome] {
        let requests = prepared.requests
        var results: [AddOutcome?] = Array(repeating: nil, count: requests.count)
        var computed: [(index: Int, record: ArchitectureRecord, layers: [LayerRecord], report: AddOutcome)] = []
        for (index, item) in prepared.computed.enumerated() {
            switch item {
            case .records(let record, let layers, let report): computed.append((index, record, layers, report))
            case .failed(let error): results[index] = .failed(error)
            }
        }
        let saved: [Result<(id: Int64, replaced: Bool), StoreError>]
        do {
            saved = try database.save(
                computed.map { ($0.record, $0.layers, requests[$0.index].replace) })
        } catch {
            throw .store(error)
        }
        for (item, outcome) in zip(computed, saved) {
            switch outcome {
            case .success(let (_, replaced)):
                if case .added(var report) = item.report {
                    report.replaced = replaced
                    results[item.index] = .added(report)
                } else {
                    results[item.index] = item.report
                }
            case .failure(let error):
                results[item.index] = .failed(.store(error))
            }
        }
        return results.map { $0! }
    }

    /// What `add` reports for a saved architecture: its summary, and a warning when its totals
    /// are lower bounds.
    static func result(
        of record: ArchitectureRecord, architecture: Architecture, replaced: Bool, warnings: [String]
    ) throws(ServiceError) -> AddResult {
        let summary = try RecordDecoding.summary(of: record)
        var warnings = warnings
        if !summary.isComplete {
            warnings.append(
                // An unknown layer type, or a known one whose MACs are unknown (an ONNX product
                // quadratic in a symbolic axis): either way the layer is not counted.
                "totals are lower bounds: not counted: "
                    + summary.uncountedLayers.map { "'\($0)'" }.joined(separator: ", ")
                    + " (\(Set(architecture.layers.filter { summary.uncountedLayers.contains($0.name) }.map(\.type)).sorted().joined(separator: ", ")))")
        }
        // MACs over an unknown (None) input dimension count it as 1 (docs/FORMAT.md): say so.
        let unknownInputs = summary.inputShapes.filter { $0.dimensions.contains(nil) }
        if !summary.isWeightsOnly, summary.macs > 0, !unknownInputs.isEmpty {
            warnings.append(
                "MACs count each unknown input dimension as 1 (input shape "
                    + unknownInputs.map(\.description).joined(separator: ", ")
                    + "): per step, not a full count; give --input-shape to fix the dimensions")
        }
        return AddResult(summary: summary, replaced: replaced, warnings: warnings)
    }
}
