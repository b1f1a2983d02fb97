import CatalogCore
import CatalogImport
import CatalogStore

/// How ``Catalog/add(files:options:isCancelled:progress:)`` reads the files and stores them
/// (the options of `catalog add`).
public struct AddOptions: Sendable {
    /// The files' format (`.auto`: detected from each file's content).
    public var format: SourceFormat
    /// Input shape without the batch axis for a model that records none (`nil`: an unknown dimension).
    public var inputShape: [Int?]?
    /// An ONNX file's input shapes by input name (batch axis excluded).
    public var namedInputShapes: [String: [Int?]]
    /// Output shapes of Keras Lambda layers by layer name (batch axis excluded).
    public var lambdaShapes: [String: [Int?]]
    /// Refuse a file with a layer type the engine does not know.
    public var strict: Bool
    /// For a Hugging Face config: count the base model instead of the class in `architectures`.
    public var baseModel: Bool
    /// Overrides the file's name (meant for a single file).
    public var name: String?
    /// Added to every file's tags.
    public var tags: [String]
    /// Replace an existing architecture of the same name instead of failing.
    public var replace: Bool

    public init(
        format: SourceFormat = .auto, inputShape: [Int?]? = nil, namedInputShapes: [String: [Int?]] = [:],
        lambdaShapes: [String: [Int?]] = [:], strict: Bool = false, baseModel: Bool = false,
        name: String? = nil, tags: [String] = [], replace: Bool = false
    ) {
        self.format = format
        self.inputShape = inputShape
        self.namedInputShapes = namedInputShapes
        self.lambdaShapes = lambdaShapes
        self.strict = strict
        self.baseModel = baseModel
        self.name = name
        self.tags = tags
        self.replace = replace
    }
}

/// What ``Catalog/add(files:options:isCancelled:progress:)`` reports while it writes, on the
/// calling thread, in the order of the files.
public enum AddProgress: Sendable {
    /// The first `done` files are handled; `current` is the one being written.
    case working(done: Int, current: String)
    /// A file's outcome, once the transaction holding it is committed: its result, or why it
    /// was not added (nothing of it is in the catalog then).
    case finished(file: String, AddOutcome)
}

/// What ``Catalog/add(files:options:isCancelled:progress:)`` did, counted over the files.
public struct AddSummary: Sendable {
    /// Architectures added under a new name.
    public var added = 0
    /// Architectures that replaced one of their name.
    public var replaced = 0
    /// The errors of the files not added, in the order of the files.
    public var failures: [ServiceError] = []
    /// Whether and when `isCancelled` stopped the command, or `nil` when every file was handled.
    public var cancellation: AddCancellation?
}

/// When a bulk add was stopped by its `isCancelled`.
public enum AddCancellation: Sendable, Equatable {
    /// While the files were read: nothing was written.
    case whileReading
    /// Between two transactions: the groups before are committed and were reported;
    /// `notAdded` files were not handled.
    case whileWriting(notAdded: Int)
}

extension Catalog {
    /// Adds architecture files: each atomically (one that fails leaves nothing behind, the
    /// others are still added), committed in groups of up to 20,000 layer rows or 2,000 files.
    ///
    /// Every file is read, on all cores, before anything is written, so two files naming the
    /// same architecture (names compared as the catalog compares them: Unicode case folding)
    /// refuse the whole command. Each group is computed on other threads while the calling
    /// thread writes the group before it.
    /// - Parameters:
    ///   - files: Paths of architecture files or checkpoint folders, in the order to add them.
    ///   - options: How to read and store them.
    ///   - isCancelled: Asked while reading (on any thread) and before each group; once it
    ///     returns true the call stops at the next of those points.
    ///   - progress: Told, on the calling thread, which file is being written and each file's
    ///     outcome once committed.
    /// - Returns: The counts, the files' errors and whether the call was cancelled.
    /// - Throws: ``ServiceError/nameClash(file:name:earlierFile:)`` when two files name the same
    ///   architecture (nothing is written); ``ServiceError/store(_:)`` when a transaction itself
    ///   fails (the groups before it are committed and were reported).
    public func add(
        files: [String], options: AddOptions, isCancelled: @Sendable () -> Bool,
        progress: (AddProgress) -> Void
    ) throws(ServiceError) -> AddSummary {
        var summary = AddSummary()
        let imports = Concurrently.map(files.count) { index -> FileRead in
            if isCancelled() { return .skipped }
            do throws(ImportError) {
                let imported = try ArchitectureImporter.read(
                    contentsOf: files[index], format: options.format, inputShape: options.inputShape,
                    namedInputShapes: options.namedInputShapes, strict: options.strict, baseModel: options.baseModel)
                return .read(try ArchitectureImporter.settingLambdaShapes(imported, options.lambdaShapes, file: files[index]))
            } catch {
                return .failed(error)
            }
        }
        // A file skipped for it implies the flag is set.
        if isCancelled() {
            summary.cancellation = .whileReading
            return summary
        }
        try Self.checkNameClashes(files: files, imports: imports)
        let groups = Self.groups(of: imports)
        func computing(_ group: Range<Int>) -> Background<PreparedAdd> {
            var requests: [AddRequest] = []
            for index in group {
                if case .read(let imported) = imports[index] {
                    requests.append(AddRequest(
                        imported, file: files[index], name: options.name, tags: options.tags, replace: options.replace))
                }
            }
            // One group: the writer would only wait for it, so it is computed on this thread.
            if groups.count == 1 { return Background(computingNow: { Catalog.prepare(requests) }) }
            return Background { [requests] in Catalog.prepare(requests) }
        }
        var next = groups.first.map(computing)
        for (number, group) in groups.enumerated() {
            if isCancelled() {
                summary.cancellation = .whileWriting(notAdded: files.count - group.lowerBound)
                break
            }
            progress(.working(done: group.lowerBound, current: files[group.lowerBound]))
            let prepared = next!.wait()
            next = number + 1 < groups.count ? computing(groups[number + 1]) : nil
            var outcomes = try saveOutcomes(prepared).makeIterator()
            for index in group {
                progress(.working(done: index, current: files[index]))
                let result: AddOutcome
                switch imports[index] {
                case .read: result = outcomes.next()!
                case .failed(let error): result = .failed(.importFailed(error))
                case .skipped: preconditionFailure("a file is skipped only once cancelled")
                }
                switch result {
                case .added(let added): if added.replaced { summary.replaced += 1 } else { summary.added += 1 }
                case .failed(let error): summary.failures.append(error)
                }
                progress(.finished(file: files[index], result))
            }
        }
        return summary
    }

    /// Consecutive files added in one transaction: up to 20,000 layer rows or 2,000 files, so
    /// a group holds the write lock for a fraction of a second.
    static func groups(of imports: [FileRead]) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        var rows = 0
        for (index, result) in imports.enumerated() {
            if case .read(let imported) = result { rows += imported.architecture.layers.count }
            if rows >= 20_000 || index + 1 - start >= 2_000 || index == imports.count - 1 {
                groups.append(start..<(index + 1))
                start = index + 1
                rows = 0
            }
        }
        return groups
    }

    /// Refuses two files naming the same architecture (compared as the catalog compares names:
    /// ``CatalogDatabase/nameKey(_:)``, Unicode case folding). The name given in the options
    /// takes a single file, so the files' own names are compared.
    /// - Throws: ``ServiceError/nameClash(file:name:earlierFile:)`` for the first such pair.
    static func checkNameClashes(
        files: [String], imports: [FileRead]
    ) throws(ServiceError) {
        // One file clashes with no other (and its name's key is not worth computing).
        guard files.count > 1 else { return }
        var first: [String: String] = [:]
        for (file, result) in zip(files, imports) {
            guard case .read(let imported) = result else { continue }
            let name = imported.architecture.name
            let key = CatalogDatabase.nameKey(name)
            if let earlier = first[key] {
                throw .nameClash(file: file, name: name, earlierFile: earlier)
            }
            first[key] = file
        }
    }
}

/// What reading one file of ``Catalog/add(files:options:isCancelled:progress:)`` gave.
///
/// Not a `Result`: see ``AddOutcome``.
enum FileRead: Sendable {
    case read(ImportedArchitecture)
    case failed(ImportError)
    /// Not read: the command was cancelled first.
    case skipped
}
